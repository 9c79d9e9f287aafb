from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models.constants import LOOKUP_SEP
from django.utils.translation import gettext_lazy as _

from . import permissions, services
from .models import AuditEntry, Neighbourhood, Notification, Officer, Reminder, Team

# The admin site shows whole tables, not a team's rows: the permission module says who uses it.
admin.site.has_permission = lambda request: permissions.may_use_admin_site(request.user)


class OfficerChangeForm(UserChangeForm):
    # An administrator who could change their own role or team could give themselves a team's
    # victim content; another administrator makes such a change. Set per request by the admin.
    acting_officer: Officer | None = None
    OWN_ACCOUNT_FIXED = ("role", "team", "is_active")

    class Meta(UserChangeForm.Meta):
        model = Officer
        fields = (
            "collar_number",
            "password",
            "first_name",
            "last_name",
            "email",
            "role",
            "team",
            "is_active",
        )

    def clean(self):
        cleaned = super().clean()
        acting = self.acting_officer
        if acting is not None and self.instance.pk == acting.pk:
            for name in self.OWN_ACCOUNT_FIXED:
                if name in self.changed_data:
                    self.add_error(
                        name, _("Another administrator must change your own role, team or active flag.")
                    )
        return cleaned


class OfficerCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = Officer
        fields = ("collar_number", "first_name", "last_name", "email", "role", "team")


@admin.register(Officer)
class OfficerAdmin(UserAdmin):
    form = OfficerChangeForm
    add_form = OfficerCreationForm
    list_display = ("collar_number", "last_name", "first_name", "role", "team", "is_active")
    list_filter = ("role", "team", "is_active")
    list_select_related = ("team",)
    search_fields = ("collar_number", "first_name", "last_name", "email")
    ordering = ("last_name", "first_name")
    fieldsets = (
        (None, {"fields": ("collar_number", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "email")}),
        (_("Role and team"), {"fields": ("role", "team", "is_active")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("collar_number", "first_name", "last_name", "email", "role", "team"),
            },
        ),
        (_("Password"), {"fields": ("password1", "password2")}),
    )
    readonly_fields = ("last_login", "date_joined")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.acting_officer = request.user
        return form

    def has_change_permission(self, request, obj=None):
        # A superuser's account (and its password) is changed by a superuser only.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.officer_changed(obj)  # derives the groups, team grants and admin site access


class NeighbourhoodInline(admin.TabularInline):
    model = Neighbourhood
    extra = 0
    fields = ("name", "code", "centre_latitude", "centre_longitude")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "inspector")
    list_select_related = ("inspector",)
    inlines = [NeighbourhoodInline]

    def save_model(self, request, obj, form, change):
        previous = (
            Team.objects.filter(pk=obj.pk).values_list("inspector", flat=True).first() if change else None
        )
        super().save_model(request, obj, form, change)
        services.team_group(obj)
        for officer in Officer.objects.filter(pk__in={previous, obj.inspector_id} - {None}):
            services.sync_access(officer)


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "team")
    list_select_related = ("team",)
    search_fields = ("name", "code")


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The audit trail: read, search and filter; never added to, changed or removed here."""

    list_display = ("at", "actor_label", "action", "object_repr", "ip_address")
    list_filter = ("action",)
    search_fields = ("actor_label", "object_repr", "action", "object_id")
    date_hierarchy = "at"
    actions = None


class WordlessAdmin(ReadOnlyAdmin):
    """What a reminder says names a case or a notice ("Agreed update for case CW-1003"), and
    administrators see no victim content: they see its kind, state and delivery, never its words
    or link, on the list or the page; there is no search, and filters only on the list's own
    (a ?title__contains= would let them probe the words one guess at a time: 400)."""

    def get_readonly_fields(self, request, obj=None):
        return self.fields  # read only, as the page shows it: its form edits nothing

    def lookup_allowed(self, lookup, value, request):
        filtered = {item if isinstance(item, str) else item[0] for item in self.list_filter}
        return lookup.split(LOOKUP_SEP)[0] in filtered and super().lookup_allowed(lookup, value, request)


@admin.register(Reminder)
class ReminderAdmin(WordlessAdmin):
    """Reminders: whose, what kind, when due, and whether delivered."""

    list_display = ("kind", "recipient", "due_at", "deadline", "state", "sent_at")
    list_filter = ("state", "kind")
    list_select_related = ("recipient",)
    fields = list_display + ("created_at",)


@admin.register(Notification)
class NotificationAdmin(WordlessAdmin):
    """Inbox messages: whose, of which kind of reminder, read or not, and their e-mail copy."""

    list_display = ("kind", "recipient", "created_at", "read_at", "email_status", "email_error")
    list_filter = (
        ("email_failed_at", admin.EmptyFieldListFilter),
        ("emailed_at", admin.EmptyFieldListFilter),
    )
    list_select_related = ("recipient", "reminder")
    fields = list_display + ("emailed_at", "email_failed_at", "email_attempts")

    @admin.display(description=_("kind"))
    def kind(self, notification):
        return notification.reminder.kind if notification.reminder else "—"
