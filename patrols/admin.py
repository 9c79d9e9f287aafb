from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Designation, Hotspot, OffenceType


@admin.register(Hotspot)
class HotspotAdmin(admin.ModelAdmin):
    """The hotspot catalogue, for administrators; patrols themselves are kept in the app."""

    list_display = ("name", "team", "neighbourhood", "weekly_target_minutes", "active_from", "active_to")
    list_filter = ("team",)
    list_select_related = ("team", "neighbourhood")
    search_fields = ("name", "source")


@admin.register(OffenceType)
class OffenceTypeAdmin(admin.ModelAdmin):
    """The offence catalogue: tariffs, windows and what happens if unpaid. A new regime is new
    rows; an offence that has notices is ended (in force until), never deleted."""

    list_display = (
        "wording",
        "wording_cy",
        "kind",
        "amount",
        "early_amount",
        "days_to_pay",
        "if_unpaid",
        "active_from",
        "active_to",
    )
    list_filter = ("kind", "if_unpaid")
    search_fields = ("code", "wording", "wording_cy", "legislation")
    fieldsets = (
        (None, {"fields": ("code", "kind", "wording", "wording_cy", "legislation", "minimum_age")}),
        (_("Money"), {"fields": ("amount", "early_amount", "early_days", "days_to_pay")}),
        (_("If unpaid"), {"fields": ("if_unpaid", "fine_multiplier")}),
        (_("On the notice"), {"fields": ("how_to_pay",)}),
        (_("In force"), {"fields": ("active_from", "active_to")}),
    )

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.notices.exists():
            return False
        return super().has_delete_permission(request, obj)


class DesignationAdminForm(forms.ModelForm):
    class Meta:
        model = Designation
        fields = ("officer", "offence")

    def clean(self):
        data = super().clean()
        officer = data.get("officer")
        if officer is not None and officer.team_id is None:
            self.add_error("officer", _("Only an officer of a team can be designated."))
        elif officer is not None:
            self.instance.team_id = officer.team_id
        return data


@admin.register(Designation)
class DesignationAdmin(admin.ModelAdmin):
    """Designated powers across every team; sergeants manage their own team's in the app."""

    list_display = ("officer", "offence", "team", "granted_by", "granted_at")
    list_filter = ("team", "offence")
    list_select_related = ("officer", "offence", "team", "granted_by")
    search_fields = ("officer__collar_number", "officer__last_name")
    form = DesignationAdminForm

    def save_model(self, request, obj, form, change):
        obj.team_id = obj.officer.team_id
        if not change:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)
