"""A database that cannot be reached or does not answer in time: every page answers a short 503
in the reader's language, made without the database, and a form that met the outage comes back
ready to be sent again (issue 20, item 2). The database is made to fail where it is first needed,
loading the officer's session; these tests have no database access at all (pytest-django blocks
it), so a page that reached for the database would fail them. The same with a real gunicorn and a
stopped or hung database: tests/pcso/test_database_outage_server.py."""

import re
from html import unescape

import psycopg
import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError
from django.test import Client

SESSION = "a" * 32


def _unreachable(*args, **kwargs):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


def _statement_timeout(*args, **kwargs):
    try:
        raise psycopg.errors.QueryCanceled("canceling statement due to statement timeout")
    except psycopg.Error as error:
        raise OperationalError(str(error)) from error  # as Django wraps it


def _closed(*args, **kwargs):
    raise InterfaceError("connection already closed")


@pytest.fixture
def officer_client(monkeypatch):
    """A browser holding an officer's session cookie, while the database fails as `fail` says."""

    def make(fail=_unreachable, **headers):
        monkeypatch.setattr(SessionStore, "_get_session_from_db", fail)
        client = Client(raise_request_exception=False, **headers)
        client.cookies["sessionid"] = SESSION
        return client

    return make


def _hidden_inputs(html: str) -> list[tuple[str, str]]:
    return [
        (unescape(name), unescape(value))
        for name, value in re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)">', html)
    ]


@pytest.mark.parametrize("fail", [_unreachable, _statement_timeout, _closed])
def test_unreachable_database_answers_a_short_503_that_asks_to_try_again(officer_client, fail):
    response = officer_client(fail).get("/inbox/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert '<html lang="en-gb">' in html
    assert "The system cannot reach its records just now" in html
    assert "Sorry — server error" not in html
    assert "<script" not in html and "style=" not in html  # the Content Security Policy allows neither


def test_other_server_errors_stay_500(officer_client):
    def broken(*args, **kwargs):
        raise ValueError("a bug")

    response = officer_client(broken).get("/inbox/")
    assert response.status_code == 500
    assert "Sorry — server error" in response.content.decode()


@pytest.mark.parametrize(
    "headers",
    [{"HTTP_ACCEPT_LANGUAGE": "cy"}, {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.8"}],
    ids=["accept-language", "cookie"],
)
def test_503_page_is_in_the_readers_language_from_cookie_or_browser(officer_client, headers):
    client = officer_client(**headers)
    if "en-GB" in headers["HTTP_ACCEPT_LANGUAGE"]:
        client.cookies["django_language"] = "cy"  # the language switch's cookie wins
    response = client.get("/inbox/")
    assert response.status_code == 503
    assert '<html lang="cy">' in response.content.decode()
    assert response["Content-Language"] == "cy"


def test_post_that_met_the_outage_comes_back_as_a_form_to_send_again(officer_client):
    client = officer_client()
    fields = {
        "csrfmiddlewaretoken": "token-as-posted",
        "form_key": "0d7f5b8e-1c1f-4b7e-9a55-2a8d0c6b9e01",
        "summary": 'Met the "Friends of the Park" <script>alert(1)</script>',
        "groups": ["3", "7"],
        "password": "never echoed",
    }
    response = client.post("/engagement/diary/new/?from=home", fields)
    assert response.status_code == 503
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert '<form method="post" action="/engagement/diary/new/?from=home">' in html
    assert _hidden_inputs(html) == [
        ("csrfmiddlewaretoken", "token-as-posted"),
        ("form_key", "0d7f5b8e-1c1f-4b7e-9a55-2a8d0c6b9e01"),
        ("summary", 'Met the "Friends of the Park" <script>alert(1)</script>'),
        ("groups", "3"),
        ("groups", "7"),
    ]
    assert "<script>alert" not in html
    assert "Nothing was saved yet" in html
    assert '<button type="submit"' in html and "Try again" in html


def test_post_with_a_file_says_the_file_must_be_chosen_again(officer_client, tmp_path):
    upload = tmp_path / "street.csv"
    upload.write_text("Crime ID,Month\n")
    with upload.open("rb") as file:
        response = officer_client().post("/intelligence/crime-data/import/", {"file": file, "note": "May"})
    assert response.status_code == 503
    html = response.content.decode()
    assert _hidden_inputs(html) == [("note", "May")]
    assert "choose the file again" in html
