from django.urls import path
from django.views.decorators.cache import never_cache

from . import crime_views, views

app_name = "intelligence"

urlpatterns = [
    path("crime-data/import/", crime_views.crime_import_form, name="crime-import"),
    path("crime-data/import/<int:pk>/", crime_views.crime_import_detail, name="crime-import-detail"),
    path("crime-data/hotspots/", crime_views.hotspot_suggestions, name="hotspot-suggestions"),
    path("crime-data/points.geojson", crime_views.crime_points, name="crime-points"),
    path("crime-data/hotspots/add/", crime_views.hotspot_from_cell, name="hotspot-from-cell"),
]

# Intelligence reports are never kept by a browser or proxy cache (Cache-Control: no-store).
urlpatterns += [
    path(route, never_cache(view), name=name)
    for route, view, name in [
        ("", views.ReportList.as_view(), "report-list"),
        ("new/", views.report_create, "report-create"),
        ("export.csv", views.report_export, "report-export"),
        ("review/", views.ReviewQueue.as_view(), "review-queue"),
        ("retention/", views.RetentionDue.as_view(), "retention-due"),
        ("<int:pk>/", views.report_detail, "report-detail"),
        ("<int:pk>/edit/", views.report_edit, "report-edit"),
        ("<int:pk>/submit/", views.report_submit, "report-submit"),
        ("<int:pk>/review/", views.report_review, "report-review"),
        ("<int:pk>/review/start/", views.report_start_review, "report-start-review"),
        ("<int:pk>/disseminate/", views.report_disseminate, "report-disseminate"),
        ("<int:pk>/retention/", views.report_retention, "report-retention"),
    ]
]
