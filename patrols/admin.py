from django.contrib import admin

from .models import Hotspot


@admin.register(Hotspot)
class HotspotAdmin(admin.ModelAdmin):
    """The hotspot catalogue, for administrators; patrols themselves are kept in the app."""

    list_display = ("name", "team", "neighbourhood", "weekly_target_minutes", "active_from", "active_to")
    list_filter = ("team",)
    list_select_related = ("team", "neighbourhood")
    search_fields = ("name", "source")
