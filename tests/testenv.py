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
}.items():
    os.environ.setdefault(name, value)
