"""docker-compose.yml and the Dockerfile, read and checked (no Docker engine runs here)."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_six_services_and_the_migration_job():
    assert sorted(compose()["services"]) == ["beat", "cache", "db", "migrate", "redis", "web", "worker"]


def test_kept_pages_live_in_a_redis_of_their_own_that_never_writes_to_disk():
    services = compose()["services"]
    assert services["web"]["environment"]["CACHE_URL"] == "redis://cache:6379/0"
    command = services["cache"]["command"]
    assert command[command.index("--save") + 1] == ""
    assert command[command.index("--appendonly") + 1] == "no"
    assert "volumes" not in services["cache"]


def test_every_service_has_a_healthcheck():  # the migrate job has a trivial one
    for name, service in compose()["services"].items():
        check = service.get("healthcheck")
        assert check is not None, name
        assert check["test"][0] in ("CMD", "CMD-SHELL"), name
        assert len(check["test"]) >= 2, name


def test_data_lives_in_named_volumes():
    spec = compose()
    assert sorted(spec["volumes"]) == ["beatdata", "pgdata", "redisdata"]
    assert spec["services"]["db"]["volumes"][0] == "pgdata:/var/lib/postgresql/data"
    assert spec["services"]["db"]["volumes"][1].endswith(":/docker-entrypoint-initdb.d/10-runtime-role.sh:ro")
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
            "cache": {"condition": "service_healthy"},
            "migrate": {"condition": "service_completed_successfully"},
        }


def test_commands_run_gunicorn_worker_and_beat():
    services = compose()["services"]
    assert "gunicorn pcso.wsgi" in " ".join(services["web"]["command"])
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--no-input"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "pcso", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "pcso", "beat"]
    assert services["web"]["ports"] == ["${WEB_BIND:-127.0.0.1}:${WEB_PORT:-8000}:8000"]


@pytest.mark.django_db
def test_web_healthcheck_sends_an_allowed_host_and_gets_an_answer(client, settings, monkeypatch):
    """Run the healthcheck's own Python against the test client, under production host and
    HTTPS settings: it must name an allowed host and not be redirected to HTTPS."""
    import urllib.request

    code = compose()["services"]["web"]["healthcheck"]["test"][-1]
    settings.ALLOWED_HOSTS = ["pcso.example.police.uk"]
    settings.SECURE_SSL_REDIRECT = True
    monkeypatch.setenv("ALLOWED_HOSTS", "pcso.example.police.uk,www.pcso.example.police.uk")
    answers = []

    def urlopen(request, timeout):
        assert request.full_url == "http://127.0.0.1:8000/healthz"
        response = client.get("/healthz", HTTP_HOST=request.get_header("Host"))
        answers.append((response.status_code, response.json()))

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    exec(code, {})  # noqa: S102 - the healthcheck's own code
    assert answers == [(200, {"status": "ok"})]


def _database_user(url: str) -> str:
    return url.split("://", 1)[1].split(":", 1)[0]


def test_compose_migrates_as_the_owner_and_runs_the_app_as_the_runtime_role():
    services = compose()["services"]
    db_env = services["db"]["environment"]
    owner, runtime = db_env["POSTGRES_USER"], db_env["POSTGRES_APP_USER"]
    assert (owner, runtime) == ("pcso", "pcso_app")
    migrate_env = services["migrate"]["environment"]
    assert _database_user(migrate_env["DATABASE_URL"]) == owner
    assert migrate_env["DATABASE_RUNTIME_ROLE"] == runtime
    assert migrate_env["DATABASE_RUNTIME_PASSWORD"] == db_env["POSTGRES_APP_PASSWORD"]
    assert services["migrate"]["restart"] == "no"
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert _database_user(env["DATABASE_URL"]) == runtime, name
        assert "DATABASE_RUNTIME_ROLE" not in env, name
        assert "migrate" not in " ".join(services[name]["command"]), name
        assert f":{db_env['POSTGRES_APP_PASSWORD']}@" in env["DATABASE_URL"], name
    # Everything else the migration job reads is the app's own environment.
    app_env = services["web"]["environment"]
    assert {k: v for k, v in migrate_env.items() if not k.startswith("DATABASE_")} == {
        k: v for k, v in app_env.items() if not k.startswith("DATABASE_")
    }


def test_compose_creates_the_runtime_role_when_the_database_is_first_made():
    services = compose()["services"]
    assert (
        "./bin/compose-db-init.sh:/docker-entrypoint-initdb.d/10-runtime-role.sh:ro"
        in services["db"]["volumes"]
    )
    script = (ROOT / "bin" / "compose-db-init.sh").read_text()
    assert "CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION" in script
    assert '-v role="${POSTGRES_APP_USER:-pcso_app}" -v password="$POSTGRES_APP_PASSWORD"' in script
    assert "WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role')" in script


def test_compose_init_script_creates_a_runtime_role_that_is_no_superuser(db):
    """The script's own SQL, run by psql against this server, creates (once) a plain login role."""
    import os
    import shutil
    import subprocess

    from django.db import connection

    from pcso import dbroles

    psql = shutil.which("psql")
    assert psql is not None
    settings = connection.settings_dict
    env = {
        **os.environ,
        "PGHOST": settings.get("HOST") or "127.0.0.1",
        "PGPORT": str(settings.get("PORT") or 5432),
        "POSTGRES_USER": settings["USER"],
        "POSTGRES_DB": settings["NAME"],
        "POSTGRES_APP_USER": "pcso_compose_check",
        "POSTGRES_APP_PASSWORD": "x",
    }
    for _ in range(2):  # idempotent: the second run changes nothing
        result = subprocess.run(
            ["sh", str(ROOT / "bin" / "compose-db-init.sh")], env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolcanlogin, rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = 'pcso_compose_check'"
        )
        assert cursor.fetchone() == (True, False, False, False)
    dbroles.grant_runtime("pcso_compose_check")  # what migrate does next: refuses nothing


def test_gunicorn_serves_requests_on_threads_and_outlasts_the_database_limits():
    """One officer's request waiting on the database holds one thread, not a whole worker, so the
    other officers' pages go on (gthread); and the database's limits (pcso/settings.py: connect
    3 s, answer 15 s) end a wait before gunicorn's timeout or a graceful restart could, so a save
    is answered (a 503 that offers it again) instead of dropped (issue 20, item 2)."""
    import json

    from django.conf import settings

    dockerfile = (ROOT / "Dockerfile").read_text()
    image_command = json.loads(re.search(r"^CMD (\[.*\])$", dockerfile, re.M).group(1))
    web_command = compose()["services"]["web"]["command"]
    assert image_command == web_command
    assert web_command[:2] == ["gunicorn", "pcso.wsgi"]
    options = dict(zip(web_command[2::2], web_command[3::2], strict=True))
    assert (options["--worker-class"], options["--workers"], options["--threads"]) == ("gthread", "2", "4")
    database = settings.DATABASES["default"]
    longest_wait = database["OPTIONS"]["connect_timeout"] + database["ANSWER_TIMEOUT"]
    assert int(options["--timeout"]) > longest_wait
    assert int(options["--graceful-timeout"]) > longest_wait


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


def test_collectstatic_succeeds_under_production_settings(tmp_path):
    import os
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    target = root / "staticfiles"
    existed = target.exists()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STATIC", "DEBUG"))}
    env.update(SECRET_KEY="collectstatic-only", DEBUG="false")
    try:
        result = subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        if not existed:
            shutil.rmtree(target, ignore_errors=True)
    assert result.returncode == 0, result.stderr[-600:]


# The README's promises about `make run`, checked against the Makefile and bin/devenv.py.


def readme() -> str:
    return (ROOT / "README.md").read_text()


def test_readme_says_the_welsh_catalogue_is_complete():
    """tests/pcso/test_language.py keeps it complete; the README said it covered only the
    navigation, the login page and lists' filters."""
    welsh = readme().split("### English and Welsh", 1)[1].split("\n## ", 1)[0]
    assert "so far" not in welsh
    assert "falls back to English elsewhere" not in welsh
    assert "translates every message of the interface" in welsh


def test_readme_says_how_to_choose_the_port_and_make_run_follows_it():
    import subprocess

    assert re.search(r"^PORT \?= 8000$", (ROOT / "Makefile").read_text(), re.M)
    assert "PORT=8001 make run" in readme()
    dry = subprocess.run(
        ["make", "-n", "run", "PORT=8123"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert dry.returncode == 0, dry.stderr
    assert "export SITE_URL=${SITE_URL:-http://127.0.0.1:8123}" in dry.stdout
    assert "runserver 127.0.0.1:8123" in dry.stdout


def test_readme_says_what_make_run_creates_on_the_database_server():
    text = readme()
    section = text.split("### What `make run` creates on the database server", 1)[1].split("\n#", 1)[0]
    for promise in (
        "`pcso_runtime`",
        "`CREATE_RUNTIME_ROLE=true`",
        "`DEV_RUNTIME_PASSWORD`",
        "`.env`",
        "`DATABASE_URL`'s role",
        "`pcso_test_runtime`",
        "`TEST_RUNTIME_PASSWORD`",
    ):
        assert promise in section, promise
    assert "shared/data/police-uk" not in text  # the sample is in intelligence/data/police-uk/
