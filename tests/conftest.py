"""Two teams under one inspector, a third team under another, and an administrator."""

import functools
import os
import secrets
import uuid
from pathlib import Path

import pytest

from pcso import services
from pcso.models import Role

from .factories import NeighbourhoodFactory, OfficerFactory, TeamFactory


# The runtime database role, as web and worker use in production. Roles belong to the whole
# server, so the test run has one of its own, named after its database (concurrent runs against
# other databases on the same server keep theirs), never the role of `make run`; its password
# comes from TEST_RUNTIME_PASSWORD or is generated for this run, and is set on the role at the
# start of the run. Its privileges are granted on the test database only.
def _runtime_role() -> str:
    from django.conf import settings

    return f"{settings.DATABASES['default']['NAME']}_test_runtime"[:63]


RUNTIME_ROLE = _runtime_role()
RUNTIME_PASSWORD = os.environ.get("TEST_RUNTIME_PASSWORD") or secrets.token_urlsafe(32)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as production has it, with the runtime role granted on it; the audit
    tables' TRUNCATE guards are off here only, because the test run empties every table after a
    transactional test (the test of the guard turns it on)."""
    from django.db import connection

    from pcso import dbroles

    with django_db_blocker.unblock():
        dbroles.setup_runtime(RUNTIME_ROLE, RUNTIME_PASSWORD)
        with connection.cursor() as cursor:
            for table in dbroles.APPEND_ONLY_TABLES:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_no_truncate")


def runtime_database_url(**changes) -> str:
    """A URL of the test database for the runtime role (as web, worker and beat log in)."""
    from urllib.parse import quote

    from django.db import connection

    db = {**connection.settings_dict, **changes}
    auth = f"{RUNTIME_ROLE}:{RUNTIME_PASSWORD}"
    host = db.get("HOST") or db.get("OPTIONS", {}).get("host") or "127.0.0.1"
    if host.startswith("/"):  # a Unix socket folder (the embedded server)
        return f"postgres://{auth}@{quote(host, safe='')}/{db['NAME']}"
    return f"postgres://{auth}@{host}:{db.get('PORT') or 5432}/{db['NAME']}"


@pytest.fixture
def inspector(db):
    return OfficerFactory(role=Role.INSPECTOR, first_name="Helen", last_name="Ward")


@pytest.fixture
def other_inspector(db):
    return OfficerFactory(role=Role.INSPECTOR, first_name="Omar", last_name="Ellis")


@pytest.fixture
def team(inspector):
    team = TeamFactory(name="West")
    services.set_team_inspector(team=team, inspector=inspector)
    NeighbourhoodFactory(team=team, name="Farringdon", code="cl-farringdon")
    return team


@pytest.fixture
def other_team(inspector):
    team = TeamFactory(name="East")
    services.set_team_inspector(team=team, inspector=inspector)
    NeighbourhoodFactory(team=team, name="Aldgate", code="cl-aldgate")
    return team


@pytest.fixture
def outside_team(other_inspector):
    """A team outside the inspector's command."""
    team = TeamFactory(name="North")
    services.set_team_inspector(team=team, inspector=other_inspector)
    NeighbourhoodFactory(team=team, name="Islington", code="nb-islington")
    return team


@pytest.fixture
def officer(team):
    """A PCSO of `team`."""
    return OfficerFactory(role=Role.PCSO, team=team, first_name="Aisha", last_name="Khan")


@pytest.fixture
def colleague(team):
    """Another PCSO of the same team."""
    return OfficerFactory(role=Role.PCSO, team=team, first_name="Tom", last_name="Reilly")


@pytest.fixture
def sergeant(team):
    return OfficerFactory(role=Role.SERGEANT, team=team, first_name="Marcus", last_name="Bell")


@pytest.fixture
def other_team_officer(other_team):
    return OfficerFactory(role=Role.PCSO, team=other_team, first_name="Dan", last_name="Hughes")


@pytest.fixture
def other_sergeant(other_team):
    return OfficerFactory(role=Role.SERGEANT, team=other_team, first_name="Priya", last_name="Shah")


@pytest.fixture
def administrator(db):
    return OfficerFactory(role=Role.ADMINISTRATOR, first_name="Chris", last_name="Admin")


@pytest.fixture
def client_for(client):
    """Log a test client in as an officer: client_for(officer)."""

    def login(officer):
        client.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return login


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Real hashing costs seconds per officer; tests need speed, not strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _own_fragment_cache(monkeypatch):
    """Each test starts with no kept fragments and no generations (the cache is the real Redis)."""
    monkeypatch.setattr("pcso.fresh.NAMESPACE", f"test-{uuid.uuid4().hex}")
    monkeypatch.setattr("pcso.fresh._paused_until", 0.0)  # a test's unreachable Redis stays its own


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request in Welsh leaves Welsh active in the thread (LocaleMiddleware activates the
    request's language and nothing deactivates it), so each test starts in the default language."""
    yield
    from django.utils import translation

    translation.deactivate()


# Browser tests: Debian's Chromium driven by Playwright (never a downloaded browser).

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# Accessibility: axe-core (pinned in package.json, copied to static/vendor by bin/vendor.mjs) runs
# on every page a browser test visits: after each navigation (goto, go_back, reload, a click that
# loads a page), before a context is closed, and on every open page when the test ends. Serious
# and critical violations fail the test.
AXE_SCRIPT = Path(__file__).resolve().parent.parent / "static" / "vendor" / "axe" / "axe.min.js"
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 5).map((n) => n.target.join(" ")).join(", ")})`);
}"""
PAGES: list = []  # the pages of the running test

# WCAG 2.2 target size (2.5.8): every control a person taps is at least 24 × 24 CSS px. Measured
# on the PCSO's and the sergeant's pages (log_in turns it on for them) after each navigation,
# beside axe-core, on every visible input, button, link and select. A link inside a sentence is
# the one exception taken here (WCAG's "inline": its height is the line of text around it).
TARGET_SIZE = 24
SMALL_TARGETS = """(size) => {
  const small = [];
  for (const el of document.querySelectorAll("a[href], button, input:not([type=hidden]), select")) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!box.width || !box.height || style.visibility !== "visible" || style.pointerEvents === "none") continue;
    if (el.closest(".visually-hidden, .visually-hidden-focusable:not(:focus-within)")) continue;
    if (box.width >= size - 0.01 && box.height >= size - 0.01) continue;
    const parent = el.parentElement;
    const inSentence = style.display === "inline" && parent.textContent.trim() !== el.textContent.trim();
    if (el.tagName === "A" && inSentence) continue;
    const name = (el.textContent || el.getAttribute("aria-label") || el.name || el.id || "").trim().slice(0, 40);
    small.push(`${el.tagName.toLowerCase()}${el.type ? "[" + el.type + "]" : ""} "${name}" ${box.width.toFixed(1)}×${box.height.toFixed(1)} px`);
  }
  return small;
}"""


def small_targets(page) -> list[str]:
    """The visible controls of the page smaller than 24 × 24 px, as 'tag "name" w×h px'."""
    return page.evaluate(SMALL_TARGETS, TARGET_SIZE)


def check_accessibility(page) -> list[str]:
    """Run axe-core on the page as it stands now, and measure its tap targets when the page is
    a PCSO's or a sergeant's; what they find is kept on page.axe_violations."""
    if page.is_closed() or not page.url.startswith("http"):
        return []
    page.wait_for_load_state()
    found = [f"{page.url}: {problem}" for problem in page.evaluate(AXE_RUN)]
    if getattr(page, "check_targets", False):
        found += [
            f"{page.url}: under {TARGET_SIZE} × {TARGET_SIZE} px: {target}" for target in small_targets(page)
        ]
    page.axe_violations.extend(problem for problem in found if problem not in page.axe_violations)
    return found


def _checked_after_navigation(method):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        page = getattr(self, "page", self)
        before = getattr(page, "navigations", None)
        result = method(self, *args, **kwargs)
        if before is not None and page.navigations != before and not page.is_closed():
            check_accessibility(page)
        return result

    return wrapper


def _checked_before_closing(method):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        for page in self.pages:
            if hasattr(page, "axe_violations"):
                check_accessibility(page)
        return method(self, *args, **kwargs)

    return wrapper


def _install_accessibility_checks() -> None:
    from playwright.sync_api import BrowserContext, Locator, Page

    if getattr(Page, "_pcso_axe", False):
        return
    for cls, names in ((Page, ("goto", "go_back", "go_forward", "reload", "click")), (Locator, ("click",))):
        for name in names:
            setattr(cls, name, _checked_after_navigation(getattr(cls, name)))
    BrowserContext.close = _checked_before_closing(BrowserContext.close)
    Page._pcso_axe = True


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Each test starts with no pages: those its fixtures open (phone, desktop) are its own."""
    PAGES.clear()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    """A browser test fails on what axe-core (and the tap-target check) found on any page it
    loaded, and on any script or console error left in a page's js_errors (a CSP violation is a
    console error); a test that expects an error clears it from js_errors."""
    outcome = yield
    problems, errors = [], []
    for page in PAGES:
        if not page.is_closed():
            check_accessibility(page)
        problems.extend(page.axe_violations)
        errors.extend(page.js_errors)
    PAGES.clear()
    if outcome.excinfo is not None:
        return
    if problems:
        outcome.force_exception(
            AssertionError(
                "axe-core found serious or critical violations, or tap targets under 24 × 24 px:\n"
                + "\n".join(dict.fromkeys(problems))
            )
        )
    elif errors:
        outcome.force_exception(
            AssertionError("script or console errors:\n" + "\n".join(dict.fromkeys(errors)))
        )


def new_phone_page(browser, live_server, viewport=PHONE, **context_options):
    """A phone-sized page (390 × 844, or the viewport given: DESKTOP) in a context of its own,
    collecting script errors and console errors (CSP violations among them) in page.js_errors,
    and axe-core's serious and critical findings on every page it loads in page.axe_violations.
    Options go to the context (geolocation, permissions, locale...)."""
    _install_accessibility_checks()
    # Reduced motion: Bootstrap then draws a hovered or pressed button in its final colours at
    # once, so axe-core never measures the contrast of a colour halfway through a transition.
    context_options = {"locale": "en-GB", "reduced_motion": "reduce", **context_options}
    context = browser.new_context(
        viewport=viewport,
        base_url=live_server.url,
        timezone_id="Europe/London",
        **context_options,
    )
    context.set_default_timeout(10_000)
    # An init script runs before the page's own scripts and is not subject to its CSP.
    context.add_init_script(path=str(AXE_SCRIPT))
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.js_errors = errors
    page.axe_violations = []
    page.navigations = 0

    def navigated(frame):
        if frame == page.main_frame:
            page.navigations += 1

    page.on("framenavigated", navigated)
    PAGES.append(page)
    return page


@pytest.fixture
def phone(browser, live_server):
    """A fresh phone page pointed at the live server; a second person can use new_phone_page."""
    page = new_phone_page(browser, live_server)
    yield page
    page.context.close()


@pytest.fixture
def desktop(browser, live_server):
    """A fresh page 1280 px wide, where the menu shows as a bar (axe-core runs there too)."""
    page = new_phone_page(browser, live_server, viewport=DESKTOP)
    yield page
    page.context.close()


ON_SCREEN = """(el) => {
  const box = el.getBoundingClientRect();
  const inside = box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth;
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return inside && hit !== null && (el === hit || el.contains(hit));
}"""


def on_screen(locator) -> bool:
    """Whether the element is wholly inside the viewport as the page is scrolled now, and on top
    at its centre (not under the sticky navbar or the thumb bar): a tap needs no scroll first."""
    locator.wait_for()
    return locator.evaluate(ON_SCREEN)


def log_in(page, officer, password=None):
    """Log in through the real form, as a person would. From here on a PCSO's or a sergeant's
    pages have their tap targets measured too (check_accessibility)."""
    from .factories import PASSWORD

    page.check_targets = officer.role in (Role.PCSO, Role.SERGEANT)
    page.goto("/login/")
    page.get_by_label("Collar or staff number").fill(officer.collar_number)
    page.get_by_label("Password").fill(password or PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    return page


# A real Celery worker, in its own process, against the real broker and the test database.


class Worker:
    def __init__(self, process, queue, log_path):
        self.process, self.queue, self.log_path = process, queue, log_path

    def send(self, task, *args, **kwargs):
        return task.apply_async(args=args, kwargs=kwargs, queue=self.queue)

    def log(self) -> str:
        return self.log_path.read_text()

    def wait_for(self, text: str, count: int = 1, timeout: float = 30) -> str:
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            log = self.log()
            if log.count(text) >= count:
                return log
            if self.process.poll() is not None:
                raise AssertionError(f"worker exited early:\n{log}")
            time.sleep(0.2)
        raise AssertionError(f"waited {timeout}s for {text!r} x{count} in the worker log:\n{self.log()}")

    def stop(self, sig=None):
        import signal

        if self.process.poll() is None:
            self.process.send_signal(sig or signal.SIGTERM)
            try:
                self.process.wait(20)
            except Exception:
                self.process.kill()
                self.process.wait(5)


@pytest.fixture
def start_worker(transactional_db, tmp_path):
    """start_worker() runs `celery -A pcso worker` on a queue of its own (so no other worker on
    this machine takes its tasks), using the test database as the runtime role, as in
    production; e-mails land in tmp_path/mail."""
    import os
    import subprocess
    import sys
    import uuid

    from django.conf import settings

    workers = []

    def start(**env_overrides):
        database_url = runtime_database_url()
        queue = f"pcso-test-{uuid.uuid4().hex[:8]}"
        log_path = tmp_path / f"{queue}.log"
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": settings.CELERY_BROKER_URL,
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(tmp_path / "mail"),
            "DB_CONN_MAX_AGE": "0",
            **env_overrides,
        }
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "pcso",
            "worker",
            "-Q",
            queue,
            "-l",
            "info",
            "--pool",
            "solo",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ]
        log = open(log_path, "w")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        worker = Worker(process, queue, log_path)
        workers.append(worker)
        worker.wait_for("ready.")
        return worker

    yield start
    for worker in workers:
        worker.stop()


def mail_count(tmp_path) -> int:
    """Messages written by the file-based e-mail backend of a worker started by start_worker.
    Counted by message, not by file: the backend names a file by the second and id(self), so two
    messages sent within one second by one process may share a file."""
    folder = tmp_path / "mail"
    separator = b"\n" + b"-" * 79 + b"\n"
    return sum(path.read_bytes().count(separator) for path in folder.iterdir()) if folder.exists() else 0
