"""Web and worker nodes keep no state of their own (README, "Running for a whole force"): any
web process serves any officer and any worker delivers any reminder."""

from django.apps import apps
from django.conf import settings
from django.db import models


def test_sessions_live_in_the_database():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_no_model_keeps_files_on_a_node():
    file_fields = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    ]
    assert file_fields == []


def test_no_process_local_cache_holds_shared_state():
    # Nothing uses Django's cache: the default one lives in each process, so it would differ
    # between web nodes. A shared cache (Redis) would be needed first.
    from pathlib import Path

    root = Path(settings.BASE_DIR)
    users = [
        str(path.relative_to(root))
        for app in ("pcso", "patrols", "engagement", "intelligence")
        for path in (root / app).rglob("*.py")
        if "django.core.cache" in path.read_text()
    ]
    assert users == []
