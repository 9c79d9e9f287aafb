"""When the database cannot be reached or does not answer in time (stopped, restarting, hung: the
timeouts in pcso/settings.py turn a hang into an error): a short 503 page in the reader's
language, and for a form that met it, the same form again, ready to be sent once more.

Django turns an exception raised anywhere in the middleware (the session loaded for
`request.user`) or the view into the response of `handler500` (pcso/urls.py), before any outer
middleware sees it; so the choice is made there, from the exception being handled. The page needs
no database: no session, no officer, no context processor; its language comes from the language
switch's cookie or the browser's Accept-Language (an officer's stored choice is in the database).

A POST is echoed as hidden inputs posting back to the same address, CSRF token and one-time form
key (pcso/once.py) included: nothing was saved, and sent again it is saved once, however often
the officer presses "Try again". Files cannot be echoed: the page says to choose them again."""

import sys

import psycopg
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.views import defaults

# How long a browser or a proxy should wait before asking again (seconds): a restart of the
# database takes about this long.
RETRY_AFTER_SECONDS = 10
# Connection refused or lost, a connect, statement or idle-in-transaction timeout, a lock or
# serialisation failure: errors that trying again may cure. Django wraps psycopg's; a raw psycopg
# connection (the audit chain's, scale data) raises them as they are.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError, psycopg.OperationalError, psycopg.InterfaceError)


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """handler500: a 503 when the database is out of reach, else Django's own 500 page."""
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return database_unavailable(request)
    return defaults.server_error(request, template_name)


def _posted(request) -> tuple[list[tuple[str, str]], bool]:
    """The fields posted, in order, without passwords (typed again, never written into a page);
    and whether files came with them."""
    if request.method != "POST":
        return [], False
    try:
        fields = [
            (name, value)
            for name, values in request.POST.lists()
            if "password" not in name.lower()
            for value in values
        ]
        return fields, bool(request.FILES)
    except Exception:  # an unreadable body (too large, too many fields): nothing to offer again
        return [], False


def database_unavailable(request) -> HttpResponse:
    # The session is in the database: the session middleware must not load it again on the way
    # out (to save it), nor hold the page as long again on a hung database.
    request.__dict__.pop("session", None)
    fields, had_files = _posted(request)
    with translation.override(translation.get_language_from_request(request)):
        html = loader.get_template("503.html").render(
            {
                "language": translation.get_language(),
                "fields": fields,
                "had_files": had_files,
                "resend": request.method == "POST",
                "action": request.get_full_path(),
            }
        )
        response = HttpResponse(html, status=503)
        response["Content-Language"] = translation.get_language()
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)  # typed content, and an answer only true for now
    return response
