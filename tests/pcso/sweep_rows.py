"""What each role gets from each core URL and the admin site (format: tests/test_url_sweep.py)."""

from django.contrib import admin

from tests.sweep import Row

# Statuses per role, in this order (tests.sweep.ROLES):
#    pcso colleague other_pcso sergeant other_sergeant inspector outside_inspector administrator anonymous
ROWS = [
    Row(
        "home",
        status="200 200  200  200  200  200  200 200 302",
    ),
    Row(
        "login",
        status="302 302  302  302  302  302  302 302 200",
    ),
    Row(
        "logout",
        note="GET: logging out is a POST",
        status="405 405  405  405  405  405  405 405 302",
    ),
    Row(
        "set_language",
        note="GET: choosing a language is a POST (tests/pcso/test_language.py)",
        status="405 405  405  405  405  405  405 405 405",
    ),
    Row(
        "password_change",
        status="200 200  200  200  200  200  200 200 302",
    ),
    Row(
        "password_change_done",
        status="200 200  200  200  200  200  200 200 302",
    ),
    Row(
        "password_reset",
        status="200 200  200  200  200  200  200 200 200",
    ),
    Row(
        "password_reset_done",
        status="200 200  200  200  200  200  200 200 200",
    ),
    Row(
        "password_reset_confirm",
        kwargs=lambda w, v: {"uidb64": "MQ", "token": "nope"},
        status="200 200  200  200  200  200  200 200 200",
    ),
    Row(
        "password_reset_complete",
        status="200 200  200  200  200  200  200 200 200",
    ),
    Row(
        "inbox",
        status="200 200  200  200  200  200  200 200 302",
    ),
    Row(
        "notification-open",
        record="notification",
        own="302 404  404  404  404  404  404 404 302",
        other="404 404  302  404  404  404  404 404 302",
    ),
    Row(
        "notifications-read-all",
        method="post",
        status="302 302  302  302  302  302  302 302 302",
    ),
    Row(
        "team-detail",
        record="team",
        own="200 200  404  200  404  200  404 404 302",
        other="404 404  200  404  200  200  404 404 302",
    ),
    Row(
        "neighbourhood-detail",
        record="neighbourhood",
        own="200 200  404  200  404  200  404 404 302",
        other="404 404  200  404  200  200  404 404 302",
    ),
    Row(
        "officer-detail",
        record="officer",
        own="200 200  404  200  404  200  404 404 302",
        other="404 404  200  404  200  200  404 404 302",
    ),
    Row(
        "healthz",
        status="200 200  200  200  200  200  200 200 200",
    ),
    Row(
        "favicon.ico",
        path="/favicon.ico",
        status="301 301  301  301  301  301  301 301 301",
    ),
    Row(
        "service-worker",
        note="the worker is fetched by the browser signed in or not (pcso/offline.py)",
        status="200 200  200  200  200  200  200 200 200",
    ),
    Row(
        "offline",
        note="the page kept for a page not kept, shown without signal",
        status="200 200  200  200  200  200  200 200 200",
    ),
    Row(
        "outbox",
        status="200 200  200  200  200  200  200 200 302",
    ),
    Row(
        "outbox-token",
        note="the outbox's CSRF token, never kept (tests/pcso/test_offline.py)",
        status="200 200  200  200  200  200  200 200 302",
    ),
    Row(
        "team-dashboard",
        status="404 404  404  200  200  200  200 404 302",
    ),
    Row(
        "neighbourhood-dashboard",
        status="404 404  404  200  200  200  200 404 302",
    ),
    Row(
        "dashboard-boundaries",
        note="each gets the boundaries of the neighbourhoods they may see (none for the administrator)",
        status="200 200  200  200  200  200  200 200 302",
    ),
    Row(
        "dashboard-export",
        kwargs=lambda w, v: {"page": "neighbourhoods", "key": "crime-trend"},
        status="404 404  404  200  200  200  200 404 302",
    ),
]


# The admin site: only the administrator gets in; everyone else is sent to its login page.
def _admin(administrator: str) -> str:
    """Every role but the administrator is redirected to the admin login; anonymous too."""
    return f"302 302  302  302  302  302  302 {administrator} 302"


def _first(model):
    def kwargs(world, variant):
        pk = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        return {"object_id": pk or 0}

    return kwargs


ROWS += [
    Row("admin:index", status=_admin("200")),
    Row("admin:login", status="200 200  200  200  200  200  200 302 200"),
    Row("admin:logout", status=_admin("405"), note="GET: logging out is a POST"),
    Row("admin:password_change", status=_admin("200")),
    Row("admin:password_change_done", status=_admin("200")),
    Row("admin:autocomplete", status=_admin("403"), note="no model asked for"),
    Row("admin:jsi18n", status=_admin("200")),
    Row("admin:app_list", kwargs=lambda w, v: {"app_label": "pcso"}, status=_admin("200")),
    Row(
        "admin:view_on_site",
        kwargs=lambda w, v: {"content_type_id": "1", "object_id": "1"},
        status=_admin("404"),
    ),
    Row("admin/(?P<url>.*)$", path="/admin/no-such-page/", status=_admin("404"), note="admin's catch-all"),
    Row(
        "admin:auth_user_password_change",
        kwargs=lambda w, v: {"id": w.people["pcso"].pk},
        status=_admin("200"),
    ),
]

# What the administrator gets from each model's changelist, add, history, delete and change pages
# (for its first row; "302" where there is none, back to the admin index).
ADMIN_PAGES = {
    "auth.group": "403 403 403 403 403",
    "pcso.officer": "200 200 200 200 200",
    "pcso.team": "200 200 200 200 200",
    "pcso.neighbourhood": "200 200 200 200 200",
    "pcso.auditentry": "200 403 200 403 200",  # read-only: the trail is never changed
    "pcso.reminder": "200 403 200 403 200",
    "pcso.notification": "200 403 200 403 200",  # read-only: titles and e-mail state
    "engagement.riskquestion": "200 200 200 200 200",
    "engagement.riskband": "200 403 200 403 200",
    "engagement.victimcodesettings": "200 403 200 403 200",
    "engagement.diarysettings": "200 403 200 403 200",
    "patrols.hotspot": "200 200 200 403 200",
    "intelligence.reporttype": "200 200 200 200 200",
    "patrols.offencetype": "200 200 200 200 200",  # a row with notices is never deleted
    "patrols.designation": "200 200 200 200 200",
    "axes.accessattempt": "403 403 302 403 403",
    "axes.accesslog": "403 403 403 403 403",
    "axes.accessfailurelog": "403 403 302 403 403",
}
for model in admin.site._registry:
    label, prefix = model._meta.label_lower, f"admin:{model._meta.app_label}_{model._meta.model_name}"
    changelist, add, history, delete, change = ADMIN_PAGES[label].split()
    ROWS += [
        Row(f"{prefix}_changelist", status=_admin(changelist)),
        Row(f"{prefix}_add", status=_admin(add)),
        Row(f"{prefix}_history", kwargs=_first(model), status=_admin(history)),
        Row(f"{prefix}_delete", kwargs=_first(model), status=_admin(delete)),
        Row(f"{prefix}_change", kwargs=_first(model), status=_admin(change)),
        Row(
            f"admin/{model._meta.app_label}/{model._meta.model_name}/<path:object_id>/",
            path=f"/admin/{model._meta.app_label}/{model._meta.model_name}/1/",
            status="302 302  302  302  302  302  302 302 302",  # to the change page, or the login
        ),
    ]
