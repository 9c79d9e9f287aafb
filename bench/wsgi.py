"""The app as gunicorn serves it, plus one thing for the benchmark only: each response carries
`X-Bench-Queries`, the number of SQL queries it ran (streamed bodies included, so the body is
read here before the response goes out), and each worker starts with its content types cached.
Used by bench/run.py; never by a deployment."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pcso.settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connection  # noqa: E402

django_application = get_wsgi_application()


def _warm() -> None:
    """Fill the per-process content type cache now, as a long-running worker has it: otherwise
    whichever timed request a fresh worker serves first counts the lookups, and a page's query
    count differs between requests for a reason that is not the page's."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.get_for_models(*apps.get_models())
    connection.close()


_warm()


def application(environ, start_response):
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    started: dict = {}
    body: list[bytes] = []

    def hold(status, headers, exc_info=None):
        started.update(status=status, headers=headers)
        return body.append

    with connection.execute_wrapper(count):
        result = django_application(environ, hold)
        try:
            body.extend(result)
        finally:
            if hasattr(result, "close"):
                result.close()
    start_response(started["status"], [*started["headers"], ("X-Bench-Queries", str(queries))])
    return body
