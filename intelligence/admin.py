"""Administrators edit the report types and their retention review periods. Reports are not in
the admin: administrators see no intelligence."""

from django.contrib import admin

from .models import ReportType


@admin.register(ReportType)
class ReportTypeAdmin(admin.ModelAdmin):
    # The Welsh name is editable in the list too: a type is offered only once it has it.
    list_display = ("name", "name_cy", "review_after_years", "active")
    list_editable = ("name_cy", "review_after_years", "active")
