from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.module_loading import module_has_submodule

from . import dashboard_views, offline, views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    # English or Cymraeg, from the login page too (a cookie, as Django's set_language keeps it;
    # an officer's choice is kept on their account too).
    path("language/", views.set_language, name="set_language"),
    path("password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("inbox/", views.Inbox.as_view(), name="inbox"),
    path("inbox/<int:pk>/", views.notification_open, name="notification-open"),
    path("inbox/read-all/", views.notifications_read_all, name="notifications-read-all"),
    path("teams/<int:pk>/", views.TeamDetail.as_view(), name="team-detail"),
    path("neighbourhoods/<int:pk>/", views.NeighbourhoodDetail.as_view(), name="neighbourhood-detail"),
    path("officers/<int:pk>/", views.OfficerDetail.as_view(), name="officer-detail"),
    path("dashboards/team/", dashboard_views.team_dashboard, name="team-dashboard"),
    path(
        "dashboards/neighbourhoods/", dashboard_views.neighbourhood_dashboard, name="neighbourhood-dashboard"
    ),
    path(
        "dashboards/neighbourhoods.geojson",
        dashboard_views.neighbourhood_boundaries,
        name="dashboard-boundaries",
    ),
    path("dashboards/<slug:page>/<slug:key>.csv", dashboard_views.dashboard_export, name="dashboard-export"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    # Working without signal (pcso/offline.py): the worker, served at the root to cover the site.
    path("sw.js", offline.service_worker, name="service-worker"),
    path("offline/", offline.offline_page, name="offline"),
    path("outbox/", offline.outbox_page, name="outbox"),
    path("outbox/token", offline.outbox_token, name="outbox-token"),
    # Each feature app's pages under its label, from its urls.py (found as its rules.py is).
    *(
        path(f"{config.label}/", include(f"{config.name}.urls"))
        for config in apps.get_app_configs()
        if config.name != "pcso"
        and Path(config.path).parent == settings.BASE_DIR
        and module_has_submodule(config.module, "urls")
    ),
    path("admin/", admin.site.urls),
]

# A database out of reach answers 503, in the reader's language, offering a form back (pcso/outage.py).
handler500 = "pcso.outage.server_error"
