from django.urls import path

from . import notice_views, views

app_name = "patrols"

urlpatterns = [
    path("", views.PatrolList.as_view(), name="patrol-list"),
    path("start/", views.start_patrol, name="patrol-start"),
    path("add/", views.patrol_create, name="patrol-add"),
    path("export.csv", views.export_patrols, name="patrol-export"),
    path("review/", views.ReviewQueue.as_view(), name="review-queue"),
    path("<int:pk>/", views.patrol_detail, name="patrol-detail"),
    path("<int:pk>/edit/", views.patrol_edit, name="patrol-edit"),
    path("<int:pk>/end/", views.end_patrol, name="patrol-end"),
    path("<int:pk>/points/", views.add_point, name="patrol-point"),
    path("<int:pk>/points.geojson", views.patrol_points_geojson, name="patrol-points"),
    path("<int:pk>/activities/", views.add_activity, name="patrol-activity"),
    path("<int:pk>/arrive/", views.arrive_at_hotspot, name="patrol-arrive"),
    path("<int:pk>/leave/", views.leave_hotspot, name="patrol-leave"),
    path("<int:pk>/visits/", views.record_visit, name="patrol-visit"),
    path("<int:pk>/approve/", views.approve_patrol, name="patrol-approve"),
    path("<int:pk>/return/", views.return_patrol, name="patrol-return"),
    path("<int:pk>/undo-approval/", views.undo_approval, name="patrol-undo-approval"),
    path("hotspots/", views.hotspot_list, name="hotspot-list"),
    path("hotspots/add/", views.hotspot_create, name="hotspot-add"),
    path("hotspots/<int:pk>/", views.HotspotDetail.as_view(), name="hotspot-detail"),
    path("hotspots/<int:pk>/edit/", views.hotspot_edit, name="hotspot-edit"),
    path("locality/", views.locality, name="locality"),
    path("officers/<int:pk>/neighbourhoods/", views.officer_neighbourhoods, name="officer-neighbourhoods"),
    path("map/", views.patrol_map, name="map"),
    path("map/neighbourhoods.geojson", views.neighbourhoods_geojson, name="map-neighbourhoods"),
    path("map/hotspots.geojson", views.hotspots_geojson, name="map-hotspots"),
    path("notices/", notice_views.NoticeRegister.as_view(), name="notice-list"),
    path("notices/issue/", notice_views.issue_notice, name="notice-issue"),
    path("notices/export.csv", notice_views.export_notices, name="notice-export"),
    path("notices/<int:pk>/", notice_views.notice_detail, name="notice-detail"),
    path("notices/<int:pk>/payments/", notice_views.record_payment, name="notice-payment"),
    path("notices/<int:pk>/hearing/", notice_views.request_hearing, name="notice-hearing"),
    path("notices/<int:pk>/cancel/", notice_views.cancel_notice, name="notice-cancel"),
    path("notices/designations/", notice_views.designation_list, name="designation-list"),
    path("notices/designations/<int:pk>/revoke/", notice_views.revoke_designation, name="designation-revoke"),
]
