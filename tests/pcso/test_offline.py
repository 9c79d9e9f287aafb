"""The server's side of working without signal (pcso/offline.py): the service worker and what it
is told to keep, the outbox's token, the outbox and offline pages (the browser's side:
tests/browser/test_offline.py)."""

import json
import re

import pytest
from django.test import Client
from django.urls import path as url_path
from django.urls import reverse

from pcso import offline

pytestmark = pytest.mark.django_db


def worker_config(response) -> dict:
    text = response.content.decode()
    first, _, rest = text.partition("\n")
    assert first.startswith("self.PCSO_OFFLINE = ") and first.endswith(";")
    assert rest  # the bundle follows
    return json.loads(first.removeprefix("self.PCSO_OFFLINE = ").removesuffix(";"))


def test_the_worker_is_served_from_the_root_unkept_to_anyone():
    response = Client().get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript"
    assert response["Cache-Control"] == "no-cache"
    assert response["Service-Worker-Allowed"] == "/"
    assert "worker-src 'self'" in response["Content-Security-Policy"]


def test_the_worker_precaches_the_app_shell_through_static():
    config = worker_config(Client().get("/sw.js"))
    urls = [entry["url"] for entry in config["precache"]]
    for path in (
        "vendor/bootstrap/bootstrap.min.css",
        "vendor/bootstrap/bootstrap.bundle.min.js",
        "vendor/htmx/htmx.min.js",
        "vendor/pcso/outbox.js",
        "css/pcso.css",
        "js/form-keys.js",
        "js/patrol-running.js",
    ):
        assert any(url.startswith("/static/") and path.rsplit(".", 1)[0] in url for url in urls), path
    assert not any(url.endswith(".map") or "sw.js" in url or "axe" in url for url in urls)
    assert all(re.fullmatch(r"[0-9a-f]{16}", entry["revision"]) for entry in config["precache"])
    assert config["offline"] == "/offline/"


def test_the_allow_list_holds_the_capture_pages_only():
    config = worker_config(Client().get("/sw.js"))
    keep = [re.compile(pattern) for pattern in config["keep"]]

    def kept(path):
        return any(pattern.search(path) for pattern in keep)

    for path in ("/outbox/", "/offline/", "/patrols/12/", "/patrols/12/end/", "/engagement/diary/new/"):
        assert kept(path), path
    assert kept("/patrols/notices/issue/")
    for path in (
        "/",
        "/inbox/",
        "/patrols/",
        "/patrols/12/edit/",
        "/patrols/notices/3/",
        "/engagement/diary/3/",
        "/engagement/victims/1/",
        "/intelligence/",
        "/outbox/token",
        "/login/",
        "/x/outbox/",
    ):
        assert not kept(path), path
    # Fetched ahead in each language: the kept pages without a parameter.
    assert set(config["warm"]) == {
        "/outbox/",
        "/offline/",
        "/engagement/diary/new/",
        "/patrols/notices/issue/",
    }


def test_a_capture_pattern_must_be_anchored():
    with pytest.raises(ValueError):
        offline.capture(page="/patrols/")
    with pytest.raises(ValueError):
        offline.capture(sends=r"^/patrols/\d+/")


def test_the_outbox_token_is_never_kept(client_for, officer):
    client = client_for(officer)
    response = client.get(reverse("outbox-token"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert len(response.json()["token"]) == 64


def test_a_replay_with_a_fresh_token_is_accepted_and_made_once(officer):
    """What the outbox does: a token from /outbox/token, then the form with its key twice."""
    from patrols.models import Patrol

    client = Client(enforce_csrf_checks=True)
    client.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
    token = client.get(reverse("outbox-token")).json()["token"]
    body = {
        "csrfmiddlewaretoken": token,
        "form_key": "0c8f6f0e-3f7d-4d7e-9a59-2b0f0b2f6a11",
        "mode": "foot",
        "captured_at": "2026-12-07T14:03:05+00:00",
    }
    first = client.post(reverse("patrols:patrol-start"), body, HTTP_X_OUTBOX="1")
    again = client.post(reverse("patrols:patrol-start"), body, HTTP_X_OUTBOX="1")
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    assert Patrol.objects.filter(officer=officer).count() == 1


def test_the_outbox_page_names_each_kind_in_the_officers_language(client_for, officer):
    client = client_for(officer)
    response = client.get(reverse("outbox"), HTTP_ACCEPT_LANGUAGE="cy")
    assert response.status_code == 200
    assert '<html lang="cy">' in response.content.decode()
    kinds = {kind["sends"]: kind["kind"] for kind in response.context["kinds"]}
    assert r"^/patrols/start/$" in kinds
    assert r"^/engagement/diary/new/$" in kinds
    assert "outbox-kinds" in response.content.decode()


def test_the_offline_page_may_be_kept():
    response = Client().get(reverse("offline"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "private" not in response.get("Cache-Control", "")


def test_signing_out_clears_the_phone(client_for, officer):
    response = client_for(officer).post(reverse("logout"))
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def _flash_page(request):
    from django.contrib import messages as flash
    from django.http import HttpResponse

    if request.method == "POST":
        flash.success(request, "Diary entry recorded.")
        return HttpResponse(status=302, headers={"Location": "/flash/"})
    return HttpResponse(" ".join(str(m) for m in flash.get_messages(request)))


urlpatterns = [url_path("flash/", _flash_page)]


@pytest.mark.urls(__name__)
def test_the_outboxs_look_at_a_page_leaves_its_messages_for_the_officer(client_for, officer):
    """fetch follows the answer's redirect (marked X-Outbox: send), then the browser opens the
    page: the message is shown there, not used up by the outbox's look."""
    client = client_for(officer)
    client.post("/flash/")
    assert client.get("/flash/", HTTP_X_OUTBOX="send").content == b"Diary entry recorded."
    assert client.get("/flash/").content == b"Diary entry recorded."  # still there for the officer
    assert client.get("/flash/").content == b""  # and then used up, as always
