import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from . import audit, fresh, reads

SESSION_STARTED = "pcso_session_started"


def client_ip(request) -> str | None:
    """The client's address: behind our one proxy, the last hop it appended to X-Forwarded-For
    (earlier entries are whatever the client claimed); else the connection's address."""
    if settings.BEHIND_TLS_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR")


class SessionLimitMiddleware:
    """An absolute session limit on top of the idle timeout (SESSION_COOKIE_AGE, renewed on
    every request): after SESSION_ABSOLUTE_SECONDS an officer logs in again, however busy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.setdefault(SESSION_STARTED, int(time.time()))
            if time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, _("Your session has ended. Please log in again."))
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


class AuditContextMiddleware:
    """Attribute every change made while serving a request to its officer and address; a response
    that showed a sensitive record (an audited read, list or export) is `Cache-Control: no-store`,
    so a shared phone or a proxy keeps no copy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user if request.user.is_authenticated else None
        with audit.acting_as(user, client_ip(request)), reads.serving_request() as served:
            response = self.get_response(request)
        if served.sensitive:
            add_never_cache_headers(response)
        return response


class KeptFragmentsMiddleware:
    """Reads the officer's generations of kept fragments (pcso/fresh.py) before the view reads
    any data, so a page computed across a change is never kept as if it were after it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            fresh.begin(request)
        return self.get_response(request)
