from django.conf import settings

from .models import Role


def site(request):
    user = getattr(request, "user", None)
    context = {"SITE_NAME": settings.SITE_NAME, "Role": Role}
    if user is not None and user.is_authenticated:
        # Lazy: only counted if the page shows it.
        from .reminders import unread_count

        context["unread_count"] = lambda: unread_count(user)
    return context
