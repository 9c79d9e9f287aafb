from django.urls import path

from . import crime_views

app_name = "intelligence"

urlpatterns = [
    path("crime-data/import/", crime_views.crime_import_form, name="crime-import"),
    path("crime-data/import/<int:pk>/", crime_views.crime_import_detail, name="crime-import-detail"),
    path("crime-data/hotspots/", crime_views.hotspot_suggestions, name="hotspot-suggestions"),
    path("crime-data/points.geojson", crime_views.crime_points, name="crime-points"),
    path("crime-data/hotspots/add/", crime_views.hotspot_from_cell, name="hotspot-from-cell"),
]
