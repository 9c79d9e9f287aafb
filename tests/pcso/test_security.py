import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from pcso.middleware import SESSION_STARTED
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def production_env(**extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SECURE", "STATIC", "DEBUG", "EXTRA_APPS", "DJANGO_ALLOW"))
    }
    env.update(
        DEBUG="false",
        SECRET_KEY="k" * 20 + "production-like-secret-with-enough-entropy-0123456789",
        ALLOWED_HOSTS="pcso.example.police.uk",
        DJANGO_SETTINGS_MODULE="pcso.settings",
        **extra,
    )
    return env


def test_check_deploy_is_clean_under_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_production_refuses_to_start_without_secret_key():
    env = production_env()
    env.pop("SECRET_KEY")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_bad_boolean_setting_is_refused():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=production_env(SECURE_COOKIES="perhaps"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "SECURE_COOKIES must be true or false, not 'perhaps'" in result.stderr


def test_csp_header_allows_no_inline_script(client):
    response = client.get(reverse("login"))
    policy = dict(
        part.strip().split(" ", 1)
        for part in response.headers["Content-Security-Policy"].split(";")
        if part.strip()
    )
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]


def test_templates_have_no_inline_script_or_handlers():
    """Inline code would be blocked by the policy: every script is a static file."""
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        for match in re.finditer(r"<script\b([^>]*)>", text):
            attrs = match.group(1)
            if "src=" not in attrs and "application/json" not in attrs:
                offenders.append(f"{path.name}: inline <script>")
        if re.search(r"\son[a-z]+\s*=", text):
            offenders.append(f"{path.name}: inline event handler")
        if re.search(r"\sstyle\s*=", text):
            offenders.append(f"{path.name}: inline style attribute")
    assert offenders == []


def test_every_page_needs_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.headers["Location"] == "/login/?next=/"


def test_login_by_collar_number_reaches_home(client, officer):
    response = client.post(
        reverse("login"), {"username": officer.collar_number, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain == [("/", 302)]
    assert b'data-home="pcso"' in response.content


def test_lockout_after_repeated_failed_logins(client, officer):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("login"), {"username": officer.collar_number, "password": "wrong"})
        assert response.status_code == 200
        assert b"Please enter a correct" in response.content
    response = client.post(reverse("login"), {"username": officer.collar_number, "password": "wrong"})
    assert response.status_code == 429
    assert b"Too many failed log-in attempts" in response.content
    # Even the right password is refused while locked out.
    response = client.post(reverse("login"), {"username": officer.collar_number, "password": PASSWORD})
    assert response.status_code == 429


def test_session_cookie_settings():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.CSRF_COOKIE_HTTPONLY is True


def test_session_ends_after_absolute_limit(client_for, officer):
    client = client_for(officer)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[SESSION_STARTED] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.headers["Location"] == settings.LOGIN_URL or response.headers["Location"] == "/login/"
    assert client.get(reverse("home")).status_code == 302


def test_logout_is_post_only(client_for, officer):
    client = client_for(officer)
    refused = client.get(reverse("logout"))
    assert (refused.status_code, refused["Allow"]) == (405, "POST, OPTIONS")
    assert client.get(reverse("home")).status_code == 200  # still logged in
    response = client.post(reverse("logout"))
    assert (response.status_code, response["Location"]) == (302, reverse("login"))
    home = client.get(reverse("home"))
    assert (home.status_code, home["Location"]) == (302, "/login/?next=/")


def test_csrf_is_enforced(officer):
    from django.test import Client

    from pcso.models import Notification

    notification = Notification.objects.create(recipient=officer, title="Hello")
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
    assert client.post(reverse("notifications-read-all")).status_code == 403
    notification.refresh_from_db()
    assert notification.read_at is None


def test_password_reset_sends_a_link(client, officer, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": officer.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [officer.email]
    assert "/password/reset/" in mailoutbox[0].body


def _login(client, collar, password, addr="198.51.100.1", forwarded=None):
    extra = {"REMOTE_ADDR": addr}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": collar, "password": password}, **extra)


def test_own_successful_login_does_not_reset_failures_against_a_colleague(
    client, officer, sergeant, settings
):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        refused = _login(client, sergeant.collar_number, "guess")
        assert (refused.status_code, b"Please enter a correct" in refused.content) == (200, True)
    own = _login(client, officer.collar_number, PASSWORD)  # the insider's own login
    assert (own.status_code, own["Location"], client.session["_auth_user_id"]) == (
        302,
        reverse("home"),
        str(officer.pk),
    )
    client.post(reverse("logout"))
    # One more wrong guess makes `limit` failures against the sergeant: locked out.
    locked = _login(client, sergeant.collar_number, "guess")
    assert (locked.status_code, b"Too many failed log-in attempts" in locked.content) == (429, True)


def test_failures_by_one_person_behind_the_proxy_do_not_lock_out_everyone(client, officer, colleague):
    for _ in range(5):
        _login(client, colleague.collar_number + "X", "guess", addr="10.0.0.2", forwarded="203.0.113.9")
    response = _login(client, officer.collar_number, PASSWORD, addr="10.0.0.2", forwarded="198.51.100.20")
    assert (response.status_code, response["Location"], client.session["_auth_user_id"]) == (
        302,
        reverse("home"),
        str(officer.pk),
    )


def test_client_address_behind_the_proxy_is_the_last_forwarded_hop(rf, settings):
    from pcso.middleware import client_ip

    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    settings.BEHIND_TLS_PROXY = True
    assert client_ip(request) == "203.0.113.9"
    settings.BEHIND_TLS_PROXY = False
    assert client_ip(request) == "10.0.0.2"
