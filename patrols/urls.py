from django.urls import path

from .views import notices, patrols

app_name = "patrols"

urlpatterns = [
    path("", patrols.PatrolList.as_view(), name="patrol-list"),
    path("start/", patrols.start_patrol, name="patrol-start"),
    path("add/", patrols.patrol_create, name="patrol-add"),
    path("export.csv", patrols.export_patrols, name="patrol-export"),
    path("review/", patrols.ReviewQueue.as_view(), name="review-queue"),
    path("<int:pk>/", patrols.patrol_detail, name="patrol-detail"),
    path("<int:pk>/edit/", patrols.patrol_edit, name="patrol-edit"),
    path("<int:pk>/end/", patrols.end_patrol, name="patrol-end"),
    path("<int:pk>/points/", patrols.add_point, name="patrol-point"),
    path("<int:pk>/points.geojson", patrols.patrol_points_geojson, name="patrol-points"),
    path("<int:pk>/activities/", patrols.add_activity, name="patrol-activity"),
    path("<int:pk>/arrive/", patrols.arrive_at_hotspot, name="patrol-arrive"),
    path("<int:pk>/leave/", patrols.leave_hotspot, name="patrol-leave"),
    path("<int:pk>/visits/", patrols.record_visit, name="patrol-visit"),
    path("<int:pk>/approve/", patrols.approve_patrol, name="patrol-approve"),
    path("<int:pk>/return/", patrols.return_patrol, name="patrol-return"),
    path("<int:pk>/undo-approval/", patrols.undo_approval, name="patrol-undo-approval"),
    path("hotspots/", patrols.hotspot_list, name="hotspot-list"),
    path("hotspots/add/", patrols.hotspot_create, name="hotspot-add"),
    path("hotspots/<int:pk>/", patrols.HotspotDetail.as_view(), name="hotspot-detail"),
    path("hotspots/<int:pk>/edit/", patrols.hotspot_edit, name="hotspot-edit"),
    path("locality/", patrols.locality, name="locality"),
    path("officers/<int:pk>/neighbourhoods/", patrols.officer_neighbourhoods, name="officer-neighbourhoods"),
    path("map/", patrols.patrol_map, name="map"),
    path("map/neighbourhoods.geojson", patrols.neighbourhoods_geojson, name="map-neighbourhoods"),
    path("map/hotspots.geojson", patrols.hotspots_geojson, name="map-hotspots"),
    path("notices/", notices.NoticeRegister.as_view(), name="notice-list"),
    path("notices/issue/", notices.issue_notice, name="notice-issue"),
    path("notices/export.csv", notices.export_notices, name="notice-export"),
    path("notices/<int:pk>/", notices.notice_detail, name="notice-detail"),
    path("notices/<int:pk>/payments/", notices.record_payment, name="notice-payment"),
    path("notices/<int:pk>/hearing/", notices.request_hearing, name="notice-hearing"),
    path("notices/<int:pk>/cancel/", notices.cancel_notice, name="notice-cancel"),
    path("notices/designations/", notices.designation_list, name="designation-list"),
    path("notices/designations/<int:pk>/revoke/", notices.revoke_designation, name="designation-revoke"),
]
