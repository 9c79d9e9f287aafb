"""Administrators edit the report types and their retention review periods. Reports are not in
the admin: administrators see no intelligence."""

from django.contrib import admin

from .models import ReportType


@admin.register(ReportType)
class ReportTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "review_after_years", "active")
    list_editable = ("review_after_years", "active")
