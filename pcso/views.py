from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import DetailView
from django.views.i18n import set_language as switch_language

from . import home as homes
from . import services
from .forms import LoginForm
from .models import Neighbourhood, Notification, Officer, Team
from .pagination import PageList
from .permissions import VisibleMixin


class LoginView(auth_views.LoginView):
    """Logging in keeps the language chosen on the login page on the officer's account, or,
    where none was chosen on this device, brings back the one they chose before."""

    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        officer = form.get_user()
        chosen = self.request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if chosen in dict(settings.LANGUAGES):
            services.choose_language(officer=officer, language=chosen)
        elif officer.language:
            _language_cookie(response, officer.language)
        return response


def _language_cookie(response, language: str) -> None:
    """The cookie Django's language switch sets."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@login_not_required
@require_POST
def set_language(request):
    """English or Cymraeg: Django's language switch (a cookie); a logged-in officer's choice is
    kept on their account too, so the reminders e-mailed to them are written in it."""
    response = switch_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.choose_language(officer=request.user, language=language)
    return response


def home(request):
    """Each role's home: a PCSO's day, a sergeant's team, an inspector's neighbourhoods, each
    composed of the panels the apps register (pcso/home.py)."""
    name = homes.home_for(request.user)
    if name is None:
        return render(request, "pcso/home_administrator.html")
    title, marker = homes.HOMES[name]
    context = {"home_title": title, "home_marker": marker, "panels": homes.render_panels(request, name)}
    return render(request, "pcso/home.html", context)


class TeamDetail(VisibleMixin, DetailView):
    model = Team
    queryset = Team.objects.select_related("inspector")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["members"] = self.object.members.filter(is_active=True).order_by("role", "last_name")
        context["neighbourhoods"] = self.object.neighbourhoods.all()
        return context


class NeighbourhoodDetail(VisibleMixin, DetailView):
    model = Neighbourhood
    queryset = Neighbourhood.objects.select_related("team")


class OfficerDetail(VisibleMixin, DetailView):
    model = Officer
    queryset = Officer.objects.select_related("team")
    context_object_name = "officer"
    template_name = "pcso/officer_detail.html"


@method_decorator(never_cache, name="dispatch")  # case references and notice numbers
class Inbox(PageList):
    template_name = "pcso/inbox.html"
    context_object_name = "notifications"

    def get_queryset(self):
        return Notification.objects.filter(recipient=self.request.user).select_related("reminder")


def _own_notification(request, pk):
    return get_object_or_404(Notification, pk=pk, recipient=request.user)


def notification_open(request, pk):
    notification = _own_notification(request, pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    safe = url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()})
    return redirect(notification.url if notification.url and safe else "inbox")


@require_POST
def notifications_read_all(request):
    Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return redirect("inbox")


@login_not_required
def favicon(request):
    return redirect(static("img/favicon.svg"), permanent=True)


@login_not_required
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


class LogoutView(auth_views.LogoutView):
    """Logging out also tells the browser to drop what it kept of the site: cached pages (victim
    pages among them, on a shared phone) and stored data."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        add_never_cache_headers(response)
        return response
