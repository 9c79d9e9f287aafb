"""Working without signal (issue 21): the service worker at /sw.js, the page shown for a page not
kept, the outbox page, and the CSRF token the outbox sends its items with.

The worker (assets/sw.js, bundled by bin/vendor.mjs) keeps the app shell and the capture pages
the apps list here, in each language the officer used; the outbox (assets/outbox.js, on every
page) keeps what a capture form sent while the network was down and sends it when it is back,
with the form's one-time key (pcso/once.py), so it is made once.

Each app lists its capture pages in its offline.py (found when the app loads, like home.py):

    from pcso.offline import capture

    capture(page=r"^/engagement/diary/new/$", sends=r"^/engagement/diary/new/$",
            kind=_("Diary entry"))

`page` is a page kept on the phone (a regular expression on its path; a page answered with
`Cache-Control: no-store` or `private` is never kept whatever its path); `sends` is where its
forms post, and `kind` what an item sent there is, on the outbox page. Either may be left out.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_GET

# The bundled worker and outbox (bin/vendor.mjs), under the static folders.
WORKER = "vendor/pcso/sw.js"
OUTBOX = "vendor/pcso/outbox.js"
# The app shell: kept when the worker installs, so a kept page has its styles and scripts.
SHELL_FOLDERS = ("css/", "js/", "img/", "vendor/bootstrap/", "vendor/htmx/", "vendor/leaflet/")
SHELL_FOLDERS += ("vendor/pcso/",)
SHELL_SKIPPED = re.compile(r"\.map$|^vendor/pcso/sw\.js$")
# Seconds a kept page's network answer is waited for before the kept copy is shown.
NETWORK_SECONDS = 4


@dataclass(frozen=True)
class Capture:
    """A capture page kept on the phone, and where its forms post (with what they are called)."""

    page: str = ""
    sends: str = ""
    kind: str = ""


CAPTURES: list[Capture] = []


def capture(*, page: str = "", sends: str = "", kind: str = "") -> Capture:
    """Register a capture page and/or where its forms post (see the module's docstring)."""
    for pattern in (page, sends):
        if pattern and not (pattern.startswith("^/") and pattern.endswith("$")):
            raise ValueError(f"{pattern!r}: a capture pattern is anchored: ^/...$")
        if pattern:
            re.compile(pattern)
    entry = Capture(page=page, sends=sends, kind=kind)
    if entry not in CAPTURES:
        CAPTURES.append(entry)
    return entry


def kept_pages() -> list[str]:
    """The allow-list: the paths (regular expressions) of the pages the worker may keep."""
    own = [rf"^{re.escape(reverse('outbox'))}$", rf"^{re.escape(reverse('offline'))}$"]
    return own + sorted({c.page for c in CAPTURES if c.page})


def warmed_pages() -> list[str]:
    """The kept pages without a parameter, fetched by the worker in each language the officer
    uses, so they are there the first time the signal drops."""
    plain = re.compile(r"^\^(/[\w/.-]*)\$$")
    return [match.group(1) for pattern in kept_pages() if (match := plain.match(pattern))]


def kinds() -> list[dict]:
    """What an outbox item is, by where it posts: [{"sends": regex, "kind": text}], in the
    language of the request."""
    return [{"sends": c.sends, "kind": str(c.kind)} for c in CAPTURES if c.sends and c.kind]


def _shell_files() -> list[str]:
    found = set()
    for finder in finders.get_finders():
        for path, _storage in finder.list(["CVS", ".*", "*~"]):
            path = path.replace("\\", "/")
            if path.startswith(SHELL_FOLDERS) and not SHELL_SKIPPED.search(path):
                found.add(path)
    return sorted(found)


def _revision(path: str) -> str:
    with open(finders.find(path), "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()[:16]


def worker_config() -> dict:
    """What the worker is told when it is served: what to keep, and for how long to wait."""
    return {
        "precache": [{"url": static(path), "revision": _revision(path)} for path in _shell_files()],
        "keep": kept_pages(),
        "warm": warmed_pages(),
        "offline": reverse("offline"),
        "networkSeconds": NETWORK_SECONDS,
    }


class OutboxLookMiddleware:
    """The outbox sends a capture form with the network's answer in view (assets/outbox.js):
    fetch follows the redirect to the page the answer names, and the browser then opens that
    page itself. The outbox's look (a GET marked `X-Outbox: send`) leaves the page's messages
    ("Diary entry recorded.") unread, for the page the officer sees."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        looking = request.method == "GET" and request.headers.get("X-Outbox") == "send"
        if looking and hasattr(request, "_messages"):
            request._messages.used = False
        return response


@login_not_required
@require_GET
def service_worker(request):
    """The worker, with its configuration in front: served from the site's root so its scope is
    the whole site, and checked for a new version each time the browser looks (no-cache)."""
    bundle = finders.find(WORKER)
    if not bundle:
        raise Http404("The service worker is not built: run node bin/vendor.mjs")
    with open(bundle, encoding="utf-8") as file:
        code = file.read()
    config = json.dumps(worker_config(), separators=(",", ":"))
    response = HttpResponse(f"self.PCSO_OFFLINE = {config};\n{code}", content_type="text/javascript")
    patch_cache_control(response, no_cache=True)
    response["Service-Worker-Allowed"] = "/"
    return response


@login_not_required
@require_GET
def offline_page(request):
    """What a page not kept on the phone shows without signal (kept by the worker)."""
    return render(request, "pcso/offline.html")


@require_GET
def outbox_page(request):
    """What waits on this phone to be sent: the list is read from the phone by outbox.js."""
    return render(request, "pcso/outbox.html", {"kinds": kinds()})


@require_GET
def outbox_token(request):
    """A CSRF token for the outbox's sending (the CSRF cookie is HttpOnly); never kept."""
    response = JsonResponse({"token": get_token(request)})
    add_never_cache_headers(response)
    return response
