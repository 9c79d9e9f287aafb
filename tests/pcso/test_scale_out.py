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


def test_the_one_cache_is_shared_by_every_node():
    # Kept fragments (pcso/fresh.py) live in Redis, which every web and worker node shares: a
    # cache in each process would miss the changes made by the others. Nothing else caches.
    from pathlib import Path

    # (Without Redis, the filesystem broker of a developer's machine, there is no cache at all.)
    shared = settings.CELERY_BROKER_URL.startswith("redis://")
    assert settings.CACHES["default"]["BACKEND"] == (
        "django.core.cache.backends.redis.RedisCache"
        if shared
        else "django.core.cache.backends.dummy.DummyCache"
    )
    root = Path(settings.BASE_DIR)
    users = sorted(
        str(path.relative_to(root))
        for app in ("pcso", "patrols", "engagement", "intelligence")
        for path in (root / app).rglob("*.py")
        if "django.core.cache" in path.read_text()
    )
    assert users == ["pcso/fresh.py", "pcso/settings.py"]
