"""docker-compose.yml and the Dockerfile, read and checked (no Docker engine runs here)."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_five_services():
    assert sorted(compose()["services"]) == ["beat", "db", "redis", "web", "worker"]


def test_every_service_has_a_healthcheck():
    for name, service in compose()["services"].items():
        check = service.get("healthcheck")
        assert check is not None, name
        assert check["test"][0] in ("CMD", "CMD-SHELL"), name
        assert len(check["test"]) >= 2, name


def test_data_lives_in_named_volumes():
    spec = compose()
    assert sorted(spec["volumes"]) == ["beatdata", "pgdata", "redisdata"]
    assert spec["services"]["db"]["volumes"] == ["pgdata:/var/lib/postgresql/data"]
    assert spec["services"]["redis"]["volumes"] == ["redisdata:/data"]
    assert spec["services"]["beat"]["volumes"] == ["beatdata:/var/lib/beat"]


def test_web_worker_and_beat_share_one_image_and_environment():
    services = compose()["services"]
    app = [services[name] for name in ("web", "worker", "beat")]
    assert {s["image"] for s in app} == {"pcso:latest"}
    assert all(s["build"] == "." for s in app)
    assert app[0]["environment"] == app[1]["environment"] == app[2]["environment"]
    env = app[0]["environment"]
    assert env["DEBUG"] == "false"
    assert env["REDIS_URL"] == "redis://redis:6379/0"
    assert env["DATABASE_URL"].endswith("@db:5432/pcso")
    for s in app:
        assert s["depends_on"] == {
            "db": {"condition": "service_healthy"},
            "redis": {"condition": "service_healthy"},
        }


def test_commands_run_gunicorn_worker_and_beat():
    services = compose()["services"]
    assert "gunicorn pcso.wsgi" in " ".join(services["web"]["command"])
    assert "migrate" in " ".join(services["web"]["command"])
    assert services["worker"]["command"][:4] == ["celery", "-A", "pcso", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "pcso", "beat"]
    assert services["web"]["healthcheck"]["test"][-1].endswith(
        "urlopen('http://127.0.0.1:8000/healthz', timeout=5)"
    )


def test_secret_key_is_required_not_defaulted():
    env = compose()["services"]["web"]["environment"]
    assert env["SECRET_KEY"].startswith("${SECRET_KEY:?")


def test_dockerfile_builds_assets_without_a_cdn_and_runs_unprivileged():
    text = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.12-slim$", text, re.M)
    assert "npm ci" in text
    assert "node bin/vendor.mjs" in text
    assert "collectstatic" in text
    assert re.search(r"^USER pcso$", text, re.M)
    assert "pip install -c constraints.txt" in text


def test_dockerignore_keeps_secrets_and_local_state_out():
    ignored = (ROOT / ".dockerignore").read_text().split()
    for item in (".env", ".git", ".venv", "node_modules", ".pgdata"):
        assert item in ignored


def test_every_setting_read_from_the_environment_is_listed_in_env_example():
    settings_text = (ROOT / "pcso" / "settings.py").read_text()
    read = set(re.findall(r'env(?:str|bool|int|list)\(\s*"([A-Z_]+)"', settings_text))
    listed = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read - listed == set()
    assert "SECRET_KEY" in read
