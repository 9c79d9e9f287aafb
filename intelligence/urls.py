from django.urls import path
from django.views.decorators.cache import never_cache

from .views import crime, reports

app_name = "intelligence"

urlpatterns = [
    path("crime-data/import/", crime.crime_import_form, name="crime-import"),
    path("crime-data/import/<int:pk>/", crime.crime_import_detail, name="crime-import-detail"),
    path("crime-data/hotspots/", crime.hotspot_suggestions, name="hotspot-suggestions"),
    path("crime-data/points.geojson", crime.crime_points, name="crime-points"),
    path("crime-data/hotspots/add/", crime.hotspot_from_cell, name="hotspot-from-cell"),
]

# Intelligence reports are never kept by a browser or proxy cache (Cache-Control: no-store).
urlpatterns += [
    path(route, never_cache(view), name=name)
    for route, view, name in [
        ("", reports.ReportList.as_view(), "report-list"),
        ("new/", reports.report_create, "report-create"),
        ("export.csv", reports.report_export, "report-export"),
        ("review/", reports.ReviewQueue.as_view(), "review-queue"),
        ("retention/", reports.RetentionDue.as_view(), "retention-due"),
        ("<int:pk>/", reports.report_detail, "report-detail"),
        ("<int:pk>/edit/", reports.report_edit, "report-edit"),
        ("<int:pk>/submit/", reports.report_submit, "report-submit"),
        ("<int:pk>/review/", reports.report_review, "report-review"),
        ("<int:pk>/review/start/", reports.report_start_review, "report-start-review"),
        ("<int:pk>/disseminate/", reports.report_disseminate, "report-disseminate"),
        ("<int:pk>/retention/", reports.report_retention, "report-retention"),
    ]
]
