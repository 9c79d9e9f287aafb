"""Administrators edit the risk matrix and the Victims' Code figures. Victims, cases,
assessments and follow-ups are not in the admin: administrators see no victim content."""

from django.contrib import admin

from .models import DiarySettings, RiskBand, RiskQuestion, VictimCodeSettings


@admin.register(RiskQuestion)
class RiskQuestionAdmin(admin.ModelAdmin):
    # The Welsh is editable in the list too: a question is asked only once it has it.
    list_display = ("text", "text_cy", "category", "weight", "active", "order")
    list_editable = ("text_cy", "weight", "active", "order")
    list_filter = ("category", "active")


@admin.register(RiskBand)
class RiskBandAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "name_cy",
        "min_score",
        "first_follow_up_hours",
        "follow_up_interval_days",
        "sergeant_review_days",
        "inspector_review_days",
        "needs_action_plan",
    )
    readonly_fields = ("code",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(VictimCodeSettings)
class VictimCodeSettingsAdmin(admin.ModelAdmin):
    list_display = ("__str__", "referral_days", "update_working_days", "enhanced_update_working_days")

    def has_add_permission(self, request):
        return not VictimCodeSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DiarySettings)
class DiarySettingsAdmin(admin.ModelAdmin):
    list_display = ("__str__", "max_active_priorities", "priority_review_months", "query_response_hours")

    def has_add_permission(self, request):
        return not DiarySettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
