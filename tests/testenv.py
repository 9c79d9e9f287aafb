"""Loaded first by pytest (-p tests.testenv): production-like settings for the test run, over
plain HTTP on this machine. The variables already set (DATABASE_URL, REDIS_URL) win."""

import os

for name, value in {
    "DEBUG": "false",
    "SECRET_KEY": "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_COOKIES": "false",
    "SECURE_HSTS_SECONDS": "0",
    "STATIC_MANIFEST": "false",
    "ALLOWED_HOSTS": "localhost,127.0.0.1,testserver",
    "EXTRA_APPS": "tests.permtest",
    # Playwright's sync API runs an event loop in the test thread; the ORM calls made beside it
    # are still synchronous, so Django's guard against async use does not apply.
    "DJANGO_ALLOW_ASYNC_UNSAFE": "true",
}.items():
    os.environ.setdefault(name, value)

# The test database's runtime role is granted once per run by tests/conftest.py, not after every
# migrate (a transactional test's flush counts as one).
os.environ["DATABASE_RUNTIME_ROLE"] = ""
