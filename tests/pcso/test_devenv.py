"""bin/devenv.py, which `make run`, `make test` and `make bench` ask for their database and broker:
the runtime login role is created only on the developer's own server (or when asked), with a
password generated on the first run and kept in the ignored .env, never one written in the source."""

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def devenv():
    spec = importlib.util.spec_from_file_location("devenv", ROOT / "bin" / "devenv.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("url", "chosen_here", "environ", "expected"),
    [
        # The servers devenv found itself: the local one on 127.0.0.1, or the embedded one.
        ("postgres://postgres@127.0.0.1:5432/pcso", True, {}, True),
        ("postgresql://postgres:@%2Fhome%2Fdev%2Fpcso%2F.pgdata/postgres", True, {}, True),
        # DATABASE_URL given: this machine's server is the developer's own...
        ("postgres://postgres@127.0.0.1:5432/pcso", False, {}, True),
        ("postgres://postgres@localhost/pcso", False, {}, True),
        ("postgres://postgres@[::1]:5433/pcso", False, {}, True),
        ("postgres://postgres@%2Fvar%2Frun%2Fpostgresql/pcso", False, {}, True),
        # ...any other server is not, unless the developer asks.
        ("postgres://dev:secret@db.example.org:5432/pcso", False, {}, False),
        ("postgres://dev:secret@10.1.2.3/pcso", False, {}, False),
        ("postgres://dev:secret@db.example.org:5432/pcso", False, {"CREATE_RUNTIME_ROLE": "true"}, True),
        ("postgres://postgres@127.0.0.1:5432/pcso", True, {"CREATE_RUNTIME_ROLE": "false"}, False),
    ],
)
def test_runtime_role_is_created_only_on_the_developers_own_server_or_when_asked(
    devenv, url, chosen_here, environ, expected
):
    assert devenv.creates_runtime_role(url, chosen_here=chosen_here, environ=environ) is expected


def test_runtime_role_refuses_an_unclear_request(devenv):
    with pytest.raises(SystemExit):
        devenv.creates_runtime_role(
            "postgres://x@db.example.org/p", chosen_here=False, environ={"CREATE_RUNTIME_ROLE": "maybe"}
        )


def test_runtime_password_is_generated_on_the_first_run_and_kept_in_dotenv(devenv, tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DEBUG=true\n")
    first = devenv.runtime_password(env_file)
    assert devenv.runtime_password(env_file) == first
    assert len(first) >= 32
    assert env_file.read_text() == f"DEBUG=true\nDEV_RUNTIME_PASSWORD={first}\n"
    assert env_file.stat().st_mode & 0o077 == 0  # the developer's only
    other = tmp_path / "other" / ".env"
    other.parent.mkdir()
    assert devenv.runtime_password(other) not in ("", first)  # a missing .env is made


def _exports(devenv, monkeypatch, capsys, tmp_path, environ, argv):
    created = []
    monkeypatch.setattr(devenv, "ensure_database", lambda url: None)
    monkeypatch.setattr(devenv, "answers", lambda host, port: True)
    monkeypatch.setattr(devenv, "ensure_runtime_role", lambda url, password: created.append((url, password)))
    for name in ("DATABASE_URL", "REDIS_URL", "CREATE_RUNTIME_ROLE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(devenv, "ENV_FILE", tmp_path / ".env")
    devenv.main(argv)
    out = capsys.readouterr()
    exports = dict(re.findall(r"^export (\w+)=(.*)$", out.out, re.M))
    return exports, created, out.err


def test_make_run_on_another_server_uses_database_urls_role_and_says_so(
    devenv, monkeypatch, capsys, tmp_path
):
    remote = "postgres://dev:secret@db.example.org:5432/pcso"
    exports, created, err = _exports(
        devenv, monkeypatch, capsys, tmp_path, {"DATABASE_URL": remote}, ["pcso", "--runtime-role"]
    )
    assert created == []
    assert exports["DATABASE_URL"] == exports["RUNTIME_DATABASE_URL"] == remote
    assert exports["RUNTIME_ROLE"] == "''"
    assert "web, worker and beat log in as DATABASE_URL's role" in err
    assert "CREATE_RUNTIME_ROLE=true" in err


def test_make_run_on_the_local_server_creates_the_role_with_the_kept_password(
    devenv, monkeypatch, capsys, tmp_path
):
    exports, created, err = _exports(devenv, monkeypatch, capsys, tmp_path, {}, ["pcso", "--runtime-role"])
    password = devenv.runtime_password(tmp_path / ".env")
    assert created == [("postgres://postgres@127.0.0.1:5432/pcso", password)]
    assert exports["RUNTIME_ROLE"] == "pcso_runtime"
    assert exports["RUNTIME_DATABASE_URL"] == f"postgres://pcso_runtime:{password}@127.0.0.1:5432/pcso"
    assert "RUNTIME_PASSWORD" not in exports  # only in .env


def test_make_test_and_bench_create_no_role(devenv, monkeypatch, capsys, tmp_path):
    exports, created, err = _exports(devenv, monkeypatch, capsys, tmp_path, {}, ["pcso"])
    assert created == []
    assert (
        exports["RUNTIME_DATABASE_URL"]
        == exports["DATABASE_URL"]
        == "postgres://postgres@127.0.0.1:5432/pcso"
    )
    assert not (tmp_path / ".env").exists()


def test_makefile_asks_for_the_role_only_in_make_run():
    makefile = (ROOT / "Makefile").read_text()
    assert makefile.count("bin/devenv.py pcso --runtime-role") == 1
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "bin/devenv.py pcso --runtime-role" in run


def test_no_runtime_password_is_written_in_the_source():
    for path in ("bin/devenv.py", "tests/conftest.py", "Makefile"):
        text = (ROOT / path).read_text()
        assert "pcso-runtime-dev" not in text, path
        assert re.search(r"PASSWORD\s*=\s*[\"'][^\"']+[\"']", text) is None, path
