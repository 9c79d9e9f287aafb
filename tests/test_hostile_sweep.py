"""The hostile-input sweep: every URL pattern of the URL sweep (tests/test_url_sweep.py), as each
kind of role that reaches it, answers hostile input in every parameter its page reads without a
server error (issue 20, item 6).

The parameters are found from the views, not listed: a first request records which query and
form keys the view reads (tests/hostile.py), and requests again with those filled in until no new
key is read (a formset's rows are read once its count is). Then one request per class of hostile
value (tests.hostile.HOSTILE: NUL bytes, huge strings, non-numbers, out-of-range numbers, bad
dates, unicode oddities and invalid UTF-8, repeated parameters...) puts that value in every
parameter at once: GET for a page, POST for a page that takes a form (a page that reads none is
sent a NUL alone); a row's own good data (Row.data) is sent again with one field hostile at a time. A NUL anywhere is a 400 with its message (pcso/limits.py); nothing anywhere,
the requests that find the keys included, is a 500.
"""

from __future__ import annotations

import os

import pytest
from django.db import transaction
from django.http import StreamingHttpResponse
from django.test import Client

from tests import hostile
from tests.sweep import statuses
from tests.test_url_sweep import all_rows, build_world, row_url

# The kinds of role, and the one of each that the sweep's own-team column stands for. Anonymous
# only for pages no one signed in reaches (login, password reset).
ROLES = ("pcso", "sergeant", "inspector", "administrator")
NOT_REACHED = {403, 404, 405}
DISCOVERY_ROUNDS = 3


@pytest.fixture
def world(db, settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "tests.hostile.RecordReadsMiddleware"]
    return build_world()


def _roles(row) -> list[str]:
    """The roles to send as: those of ROLES that reach the row's page (own-team record)."""
    variant, text = row.cases()[0]
    got = statuses(text)
    if row.name.startswith("admin"):
        return ["administrator"] if got["administrator"] not in NOT_REACHED else []
    roles = [role for role in ROLES if got[role] not in NOT_REACHED]
    if "pcso" in roles and "sergeant" in roles and "inspector" in roles:
        roles.remove("inspector")  # a PCSO's and a sergeant's forms are the inspector's
    if got["anonymous"] not in NOT_REACHED | {302}:
        roles.append("anonymous")
    return roles


def _send(client: Client, method: str, url: str, query: str) -> tuple[int, bytes]:
    with transaction.atomic():
        try:
            if method == "get":
                response = client.get(url, QUERY_STRING=query)
            else:
                response = client.post(url, query, content_type="application/x-www-form-urlencoded")
            streamed = isinstance(response, StreamingHttpResponse)
            content = response.getvalue() if streamed else response.content
            status = response.status_code
        except Exception as error:  # noqa: BLE001 - a streamed page that failed half-way
            status, content = 500, repr(error).encode()
        transaction.set_rollback(True)
    return status, content


def _discover(client, method: str, url: str, base: dict[str, list[str]]) -> tuple[set[str], list[int]]:
    """The keys the view reads, with every key it read filled in until it reads no new one; and
    the statuses of those requests (the first 405: the page takes no POST)."""
    known: set[str] = set()
    got = []
    for _ in range(DISCOVERY_ROUNDS):
        params = {**{key: ["1"] for key in known}, **base, "probe": ["1"]}
        hostile.forget()
        status, _content = _send(client, method, url, hostile.encode(params))
        got.append(status)
        found = hostile.read(method.upper()) - {"probe"}
        if found <= known:
            break
        known |= found
    return known, got


def _client(world, role: str) -> Client:
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(world.people[role])
    return client


def test_no_hostile_input_is_a_server_error(world):
    errors, nul_not_refused, sent = [], [], 0
    only = os.environ.get("HOSTILE_ONLY", "")  # a name prefix, to sweep some rows while fixing them
    for row in all_rows().values():
        if not row.name.startswith(only):
            continue
        variant, _statuses = row.cases()[0]
        url, data = row_url(row, world, variant)
        base = {key: [hostile._q(str(v)) for v in (value if isinstance(value, list) else [value])]
                for key, value in data.items()}  # fmt: skip
        methods = ["post"] if row.method == "post" else ["get", "post"]
        for role in _roles(row):
            # A client for each page and role: a POST may log it out or change its language.
            client = _client(world, role)
            for method in methods:
                keys, got = _discover(client, method, url, base)
                if got[0] == 405:
                    continue
                where = f"{method.upper()} {url} as {role}"
                errors += [
                    f"{where}, the keys it reads filled in: {status}" for status in got if status >= 500
                ]
                keys |= set(base)
                # A page that reads no parameter is sent the one class every page refuses.
                classes = hostile.HOSTILE if keys else {"nul": hostile.HOSTILE["nul"]}
                for name, value in classes.items():
                    params = {key: value(key) for key in keys or {"q"}}
                    status, content = _send(client, method, url, hostile.encode(params))
                    sent += 1
                    what = f"{where}, {name} in {sorted(params)}: {status}"
                    if status >= 500:
                        errors.append(what)
                    elif name == "nul" and (status != 400 or b"data-refused" not in content):
                        nul_not_refused.append(what)
                if method != row.method:
                    continue
                # The row's own good data with one field hostile at a time: past the form's
                # checks of the others, into the service.
                for key in base:
                    for name, value in hostile.HOSTILE.items():
                        params = {**base, key: value(key)}
                        status, _content = _send(client, method, url, hostile.encode(params))
                        sent += 1
                        if status >= 500:
                            errors.append(f"{where}, {name} in {key} alone: {status}")
    assert errors == []
    assert nul_not_refused == []
    assert sent > (0 if only else 1000)
