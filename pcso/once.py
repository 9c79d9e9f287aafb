"""One-time form keys: a form sent twice makes one record.

Every form that makes a record or moves one on carries a key made when the form is shown
(`{% form_key %}`, a fresh UUID each time it is written). A signed-in officer's POST with a key is
served in one transaction that first takes a lock on (officer, key):

* the key was spent before: the answer its first sending got is given again (the same redirect,
  or the same htmx fragment) and nothing runs; sent with other contents, it is refused (422);
* the view succeeded (2xx, 3xx) and wrote to the database (any write: a record, a permission, an
  audit entry; PostgreSQL says whether the transaction has one): the key is kept, with the
  answer, in the transaction of what it made: both are there or neither;
* the view refused the form (4xx) or wrote nothing: nothing is kept, so the corrected form, or
  the outbox's item sent again, is served afresh with the same key;
* the view failed (5xx): everything it did is undone.

Two sendings at once on two connections meet at the lock: the second waits for the first's
commit and then finds its answer. The offline outbox sends its client key in the same field.
Keys are forgotten after `FORM_KEY_DAYS` (the beat task `pcso.tasks.forget_form_keys`).
"""

from __future__ import annotations

import hashlib
import re
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from .models import FormKey

FIELD = "form_key"
# Fields that are not what the officer sent: the CSRF token is new on each page; the phone's
# time of capture (pcso/captured.py) is taken at each tap, so a second tap a second later sends
# the same form with another time.
_NOT_CONTENT = frozenset({FIELD, "csrfmiddlewaretoken", "captured_at"})
# The first answer's headers that are given again with it (htmx reads these).
_KEPT_HEADERS = ("HX-Redirect", "HX-Refresh", "HX-Trigger", "HX-Location", "HX-Retarget", "HX-Reswap")


def new_key() -> str:
    return str(uuid.uuid4())


def hidden_field() -> str:
    """The key's hidden input, for a form being shown (autocomplete off: Firefox would otherwise
    put the last key back into a reloaded page)."""
    return format_html('<input type="hidden" name="{}" value="{}" autocomplete="off">', FIELD, new_key())


_KEY_VALUE = re.compile(rf'(name="{FIELD}" value=")[0-9a-f-]{{36}}(")')


def renew(html: str) -> str:
    """A page part kept from an earlier request (pcso/fresh.py), its forms' keys made anew: each
    showing of a form gets a key of its own, as when it is rendered."""
    return _KEY_VALUE.sub(lambda match: f"{match.group(1)}{new_key()}{match.group(2)}", html)


def sent_key(request) -> uuid.UUID | None:
    """The key a signed-in officer's POST carries, if it carries a well-formed one."""
    if request.method != "POST" or not request.user.is_authenticated:
        return None
    try:
        return uuid.UUID(request.POST.get(FIELD, ""))
    except (ValueError, TypeError, AttributeError):
        return None


def digest(request) -> str:
    """What was sent, the CSRF token and the key aside: fields in order of name, files by name
    and size."""
    content = hashlib.sha256()
    for name in sorted(set(request.POST) - _NOT_CONTENT):
        for value in request.POST.getlist(name):
            content.update(f"{len(name)}:{name}={len(value)}:{value}\n".encode())
    for name in sorted(request.FILES):
        for upload in request.FILES.getlist(name):
            content.update(f"file {name}={upload.name}:{upload.size}\n".encode())
    return content.hexdigest()


def _lock(officer_id: int, key: uuid.UUID) -> None:
    """A lock on (officer, key) until the transaction ends: the second of two sendings at once
    waits here for the first."""
    name = hashlib.blake2b(f"{officer_id}:{key}".encode(), digest_size=8).digest()
    number = int.from_bytes(name, "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [number])


def _wrote() -> bool:
    """Whether the transaction has written anything (the lock and the look-up write nothing)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_xact_id_if_assigned() IS NOT NULL")
        return cursor.fetchone()[0]


def _keep(officer, key: uuid.UUID, sent: str, response) -> None:
    kept = FormKey(officer=officer, key=key, digest=sent, status=response.status_code)
    if 300 <= response.status_code < 400 and response.has_header("Location"):
        kept.location = response["Location"]
    elif not getattr(response, "streaming", False):
        kept.content_type = response.get("Content-Type", "")
        kept.body = response.content
    kept.headers = {name: response[name] for name in _KEPT_HEADERS if response.has_header(name)}
    kept.save()


def _refused(request):
    """The key was spent on other contents: nothing is made, and the sender is told."""
    if "application/json" in request.headers.get("Accept", ""):  # a script's sending
        message = _("This form was already sent with other contents. Nothing new was saved.")
        return JsonResponse({"error": message}, status=422)
    return render(request, "pcso/form_key_reused.html", status=422)


def _again(request, kept: FormKey):
    """The first sending's answer, given again."""
    if kept.location:
        response = HttpResponseRedirect(kept.location, status=kept.status)
    else:
        response = HttpResponse(bytes(kept.body), status=kept.status, content_type=kept.content_type or None)
    for name, value in kept.headers.items():
        response[name] = value
    return response


class FormKeyMiddleware:
    """Serves a POST that carries a one-time key as described above; other requests pass."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = sent_key(request)
        if key is None:
            return self.get_response(request)
        sent = digest(request)
        officer = request.user  # the sender, even if the view signs them out
        with transaction.atomic():
            _lock(officer.pk, key)
            kept = FormKey.objects.filter(officer=officer, key=key).first()
            if kept is not None:
                if kept.digest != sent:
                    return _refused(request)
                return _again(request, kept)
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)
            elif response.status_code < 400 and _wrote():
                _keep(officer, key, sent, response)
        return response


def forget(now=None) -> int:
    """Keys older than FORM_KEY_DAYS are forgotten; returns how many."""
    before = (now or timezone.now()) - timedelta(days=settings.FORM_KEY_DAYS)
    deleted, _ = FormKey.objects.filter(made_at__lt=before).delete()
    return deleted
