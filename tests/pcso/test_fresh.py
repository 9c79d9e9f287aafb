"""Kept fragments (pcso/fresh.py): a home page's panels come from the cache while nothing their
officer can see has changed, and are computed again as soon as anything has."""

import dataclasses
import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from engagement.models import RiskBand, VictimCase
from engagement.services import victims as engagement_services
from patrols.models import Patrol
from pcso import audit, fresh, reads
from pcso.models import AuditEntry
from tests.factories import (
    OfficerFactory,
    PatrolFactory,
    PatrolPointFactory,
    make_case,
    make_entry,
    make_group,
)
from tests.intelligence.conftest import make_report

pytestmark = pytest.mark.django_db


class Counted:
    """A fragment's render function that counts how often it was computed."""

    def __init__(self, html="<p>kept</p>", reads=None):
        self.calls, self.html, self.reads = 0, html, reads

    def __call__(self, extra: dict) -> str:
        self.calls += 1
        if self.reads:
            self.reads()
        return self.html.replace("TOKEN", extra.get("csrf_token", "plain"))


@pytest.fixture
def request_of():
    def make(user):
        request = RequestFactory().get("/")
        request.user = user
        return request

    return make


def shown(user, render, request_of, times=1) -> list[str]:
    """The fragment as `times` requests of this officer get it."""
    return [fresh.fragment(request_of(user), "test", render) for _ in range(times)]


def test_computed_once_while_nothing_changes(officer, request_of):
    render = Counted()
    assert shown(officer, render, request_of, times=3) == ["<p>kept</p>"] * 3
    assert render.calls == 1


def test_a_change_in_the_officers_team_computes_it_again(officer, team, request_of):
    render = Counted()
    shown(officer, render, request_of)
    team.name = "Renamed"
    team.save()
    shown(officer, render, request_of, times=2)
    assert render.calls == 2


def test_a_change_in_another_team_keeps_it(officer, other_team, other_team_officer, request_of):
    render = Counted()
    shown(officer, render, request_of)
    other_team.name = "Renamed"
    other_team.save()
    PatrolFactory(officer=other_team_officer)
    shown(officer, render, request_of)
    assert render.calls == 1


def test_a_supervisor_sees_changes_in_every_team_they_supervise(inspector, other_team, request_of):
    render = Counted()
    shown(inspector, render, request_of)
    other_team.name = "Renamed"  # the inspector commands both teams
    other_team.save()
    shown(inspector, render, request_of)
    assert render.calls == 2


def test_reference_data_and_grants_change_every_fragment(officer, other_team_officer, request_of):
    render = Counted()
    shown(officer, render, request_of)
    band = RiskBand.objects.order_by("pk").first()
    band.name = "Renamed"
    band.save()  # a record of no team: every fragment
    shown(officer, render, request_of)
    other_team_officer.groups.add(Group.objects.create(name="Someone else's group"))  # a grant
    shown(officer, render, request_of)
    assert render.calls == 3


def test_a_record_moving_out_of_a_team_changes_that_team_too(officer, colleague, other_team, request_of):
    render = Counted()
    shown(officer, render, request_of)
    colleague.team = other_team  # leaves the officer's team: the team it left changes
    colleague.save(update_fields=["team"])
    shown(officer, render, request_of)
    assert render.calls == 2


def test_a_shared_records_change_reaches_the_team_it_is_shared_with(
    officer, sergeant, other_team, other_team_officer, request_of
):
    case = make_case(officer, reference="CAD-7")
    engagement_services.share_case(officer=sergeant, case=case, team=other_team)
    render = Counted()
    shown(other_team_officer, render, request_of)
    case = VictimCase.objects.get(pk=case.pk)
    case.reference = "CAD-8"
    case.save()  # the owning team's record, seen by the other team through the share
    shown(other_team_officer, render, request_of)
    assert render.calls == 2


@pytest.mark.django_db(transaction=True)
def test_a_change_committed_while_a_fragment_was_computed_is_not_missed(officer, team, request_of):
    """Another officer's change is made in its own transaction (a thread, its own connection);
    the page computed while it is not yet committed shows the old name and is kept under the
    generations before it, so the first page after the commit is computed again."""
    import threading

    from django.db import connections

    from pcso.models import Team

    render = Counted()
    saved, release = threading.Event(), threading.Event()

    def rename():
        try:
            with transaction.atomic():
                renamed = Team.objects.get(pk=team.pk)
                renamed.name = "Renamed"
                renamed.save()
                saved.set()
                release.wait(10)
        finally:
            connections.close_all()

    def computed(extra):
        render.calls += 1
        return Team.objects.get(pk=team.pk).name

    writer = threading.Thread(target=rename)
    writer.start()
    assert saved.wait(10)
    before = [fresh.fragment(request_of(officer), "test", computed) for _ in range(2)]
    release.set()
    writer.join(10)
    after = fresh.fragment(request_of(officer), "test", computed)
    assert (before, after, render.calls) == ([team.name, team.name], "Renamed", 2)


def test_each_language_has_its_own(officer, request_of):
    render = Counted()
    shown(officer, render, request_of)
    with translation.override("cy"):
        shown(officer, render, request_of, times=2)
    assert render.calls == 2


def test_off_when_the_setting_is_zero(officer, request_of, settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    render = Counted()
    shown(officer, render, request_of, times=2)
    assert render.calls == 2


def test_unreachable_cache_renders_afresh_and_changes_still_save(officer, team, request_of, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    render = Counted()
    assert shown(officer, render, request_of, times=2) == ["<p>kept</p>"] * 2
    team.name = "Renamed"
    team.save()
    assert render.calls == 2


def test_a_list_read_is_written_again_each_time_it_is_served(officer, team, request_of):
    case = make_case(officer)
    render = Counted(reads=lambda: audit.record_list(officer, [case]))
    with reads.serving_request() as first:
        shown(officer, render, request_of)
    with reads.serving_request() as second:
        shown(officer, render, request_of)
    assert render.calls == 1
    listed = AuditEntry.objects.filter(action="engagement.victimcase.listed").order_by("pk")
    assert [(entry.actor_id, entry.changes) for entry in listed] == [
        (officer.pk, {"ids": [case.pk]}),
        (officer.pk, {"ids": [case.pk]}),
    ]
    assert (first.sensitive, second.sensitive) == (True, True)  # no-store both times


def test_an_empty_sensitive_list_still_marks_the_page_no_store(officer, request_of):
    render = Counted(reads=lambda: audit.record_list(officer, []))
    shown(officer, render, request_of)
    with reads.serving_request() as served:
        shown(officer, render, request_of)
    assert (render.calls, served.sensitive) == (1, True)


def test_a_fragment_that_records_anything_else_is_never_kept(officer, request_of):
    case = make_case(officer)
    render = Counted(reads=lambda: audit.record_read(officer, case))
    shown(officer, render, request_of, times=2)
    assert render.calls == 2


def test_a_kept_form_carries_the_requests_own_csrf_token(officer, request_of):
    render = Counted(html='<input name="csrfmiddlewaretoken" value="TOKEN">')
    first, second = (fresh.fragment(request_of(officer), "test", render) for _ in range(2))
    assert render.calls == 1
    for html in (first, second):
        assert re.fullmatch(r'<input name="csrfmiddlewaretoken" value="[A-Za-z0-9]{64}">', html)


# The home pages themselves.


def panel_calls(monkeypatch, dotted: str) -> list:
    """Count the calls of a registered panel's context function."""
    from pcso import home

    calls = []
    panels = list(home.PANELS)
    for index, item in enumerate(panels):
        if item.name == dotted:

            def counting(user, original=item.context):
                calls.append(user.pk)
                return original(user)

            panels[index] = dataclasses.replace(item, context=counting)
    monkeypatch.setattr(home, "PANELS", panels)
    return calls


def test_my_day_shows_a_case_opened_since_it_was_last_shown(client_for, officer, monkeypatch):
    calls = panel_calls(monkeypatch, "engagement.home.my_follow_ups")
    client = client_for(officer)
    client.get(reverse("home"))
    client.get(reverse("home"))
    assert len(calls) == 1
    make_case(officer, victim_name="Ada Lovelace")  # its first visit is due today
    page = client.get(reverse("home"))
    assert len(calls) == 2
    assert "Ada Lovelace" in page.content.decode()
    assert page["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


def form_token(html: str, marker: str = "") -> str:
    """The CSRF token of the first form after `marker` on a page."""
    return re.search(marker + r'.*?name="csrfmiddlewaretoken" value="([^"]+)"', html, re.S).group(1)


def test_start_patrol_works_from_a_kept_home_after_logging_in_again(client, officer, monkeypatch):
    calls = panel_calls(monkeypatch, "patrols.home.my_patrols")
    client.handler.enforce_csrf_checks = True
    password = "a long test password"
    officer.set_password(password)
    officer.save()

    def log_in():
        token = form_token(client.get(reverse("login")).content.decode())
        login = {"username": officer.collar_number, "password": password, "csrfmiddlewaretoken": token}
        assert client.post(reverse("login"), login).status_code == 302

    log_in()
    home = client.get(reverse("home")).content.decode()
    assert client.post(reverse("logout"), {"csrfmiddlewaretoken": form_token(home)}).status_code == 302
    log_in()  # a new session, a new CSRF secret
    page = client.get(reverse("home")).content.decode()
    assert len(calls) == 1  # the panel came from the cache, made in the earlier session
    token = form_token(page, "data-start-patrol")
    started = client.post(reverse("patrols:patrol-start"), {"mode": "foot", "csrfmiddlewaretoken": token})
    assert started.status_code == 302
    assert Patrol.objects.filter(officer=officer, ended_at__isnull=True).count() == 1


def test_an_officer_never_gets_another_officers_panel(client_for, officer, colleague):
    make_case(officer, victim_name="Only Mine")
    first = client_for(officer).get(reverse("home")).content.decode()
    other = client_for(colleague).get(reverse("home")).content.decode()
    assert "Only Mine" in first
    assert "Only Mine" not in other


def test_new_officer_factory_is_a_change_too(officer, team, request_of):
    render = Counted()
    shown(officer, render, request_of)
    OfficerFactory(team=team)
    shown(officer, render, request_of)
    assert render.calls == 2


# List pages keep their rows ({% kept %} in their templates; PageList reads the page lazily).


def without_tokens(response) -> str:
    """The page without its CSRF tokens and form keys (both new on every showing)."""
    return re.sub(r'name="(csrfmiddlewaretoken|form_key)" value="[\w-]+"', "", response.content.decode())


def test_a_kept_page_part_gets_new_form_keys_each_time_it_is_shown(client_for, sergeant, officer):
    PatrolFactory(officer=officer)
    client = client_for(sergeant)
    first = client.get(reverse("patrols:review-queue")).content.decode()
    with CaptureQueriesContext(connection) as kept:
        again = client.get(reverse("patrols:review-queue")).content.decode()
    assert not [q for q in kept.captured_queries if "patrols_patrol" in q["sql"]]  # the kept part
    keys = [
        re.findall(r'data-queue-row[\s\S]*?name="form_key" value="([0-9a-f-]{36})"', page)
        for page in (first, again)
    ]
    assert len(keys[0]) == len(keys[1]) == 1
    assert keys[0] != keys[1]


def test_a_kept_patrol_list_reads_no_rows_and_shows_a_new_patrol_at_once(client_for, officer):
    PatrolFactory(officer=officer)
    client = client_for(officer)
    first = client.get(reverse("patrols:patrol-list"))
    with CaptureQueriesContext(connection) as kept:
        again = client.get(reverse("patrols:patrol-list"))
    assert without_tokens(again) == without_tokens(first)
    assert not [q for q in kept.captured_queries if "patrols_patrol" in q["sql"]]  # no rows read
    newest = PatrolFactory(officer=officer, started_at=timezone.now() - dt.timedelta(hours=3))
    page = client.get(reverse("patrols:patrol-list")).content.decode()
    assert page.count("data-patrol=") == 2
    assert f'data-patrol="{newest.pk}"' in page


def test_a_kept_case_list_records_its_read_each_time(client_for, officer):
    case = make_case(officer)
    client = client_for(officer)
    client.get(reverse("engagement:case-list"))
    with CaptureQueriesContext(connection) as kept:
        page = client.get(reverse("engagement:case-list"))
    assert page["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    assert not [q for q in kept.captured_queries if 'FROM "engagement_victimcase"' in q["sql"]]
    assert f'data-case="{case.pk}"' in page.content.decode()
    listed = AuditEntry.objects.filter(action="engagement.victimcase.listed")
    assert [entry.changes for entry in listed] == [{"ids": [case.pk]}, {"ids": [case.pk]}]


def test_each_page_and_filter_of_a_list_is_kept_apart(client_for, officer):
    PatrolFactory.create_batch(26, officer=officer)
    client = client_for(officer)
    first, second = (client.get(reverse("patrols:patrol-list"), {"page": n}).content.decode() for n in (1, 2))
    assert (first.count("data-patrol="), second.count("data-patrol=")) == (25, 1)
    assert client.get(reverse("patrols:patrol-list"), {"page": 9}).status_code == 404  # never kept


# What a change moves on (pcso/fresh.py keys_for), model by model.


def test_every_scoped_records_change_names_its_team_not_every_team(demo_world):
    """Over the demo data: a change to any record of a team moves that team's generation (and
    an owner's, a share's), never the force-wide one that would recompute everybody's pages."""
    from django.apps import apps as django_apps

    from pcso.scope import Scope

    wide = []
    for model in django_apps.get_models():
        scope = getattr(model, "scope", None)
        if not isinstance(scope, Scope) or not getattr(model, "marks_kept_pages", True):
            continue
        row = model._default_manager.filter(**{f"{scope.team}__isnull": False}).order_by("pk").first()
        if row is None:
            continue
        keys = fresh.keys_for(row, scope)
        if fresh.GLOBAL in keys or not any(key.startswith("team:") for key in keys):
            wide.append((model._meta.label, sorted(keys)))
    assert wide == []


@pytest.fixture
def demo_world(settings):
    import io

    from django.core.management import call_command

    settings.DEBUG = True  # demo_data refuses to run without it
    call_command("demo_data", stdout=io.StringIO())


def test_a_follow_up_or_victim_change_in_another_team_keeps_it(officer, other_team_officer, request_of):
    case = make_case(other_team_officer)
    render = Counted()
    shown(officer, render, request_of)
    follow_up = case.follow_ups.order_by("pk").first()
    follow_up.due_at += dt.timedelta(hours=1)
    follow_up.save()
    victim = case.victim
    victim.phone = "07700 900999"
    victim.save()
    shown(officer, render, request_of)
    assert render.calls == 1


def test_a_page_computed_across_a_change_is_not_kept_as_after_it(officer, team, request_of):
    render = Counted()
    request = request_of(officer)
    fresh.begin(request)  # the request starts: generations read
    team.name = "Renamed"  # a change lands while the view reads its data...
    team.save()
    fresh.fragment(request, "test", render)  # ...so this is kept under the generations before it
    shown(officer, render, request_of)
    assert render.calls == 2


def test_a_diary_entrys_groups_changed_alone_computes_it_again(officer, request_of):
    first, second = make_group(officer, name="Watch"), make_group(officer, name="Traders")
    entry = make_entry(officer, [first])
    render = Counted()
    shown(officer, render, request_of)
    entry.groups.set([second])  # a many-to-many change only: no field of the entry changes
    shown(officer, render, request_of)
    Group.objects.order_by("pk").first().permissions.clear()  # a role's permissions: everyone
    shown(officer, render, request_of)
    assert render.calls == 3


def test_an_owners_record_changes_their_own_generation_too(officer, team):
    from intelligence.models import IntelligenceReport

    report = make_report(officer)
    assert fresh.keys_for(report, IntelligenceReport.scope) == {
        fresh.team_key(team.pk),
        fresh.officer_key(officer.pk),
    }


def test_route_points_keep_it(officer, request_of):
    patrol = PatrolFactory(officer=officer)
    render = Counted()
    shown(officer, render, request_of)
    PatrolPointFactory(patrol=patrol)
    shown(officer, render, request_of)
    assert render.calls == 1


def test_after_redis_fails_nothing_is_asked_of_it_for_a_few_seconds(officer, request_of, monkeypatch):
    from django.core.cache import cache
    from redis.exceptions import ConnectionError as RedisConnectionError

    asked = []

    def unreachable(*args, **kwargs):
        asked.append(args)
        raise RedisConnectionError("Timeout connecting to server")

    monkeypatch.setattr(fresh, "_paused_until", 0.0)
    monkeypatch.setattr(cache, "get", unreachable)
    render = Counted()
    assert shown(officer, render, request_of, times=3) == ["<p>kept</p>"] * 3
    assert (render.calls, len(asked)) == (3, 1)


def test_redis_is_given_a_quarter_second_to_answer(settings):
    options = settings.CACHES["default"].get("OPTIONS", {})
    if settings.CELERY_BROKER_URL.startswith("redis://"):
        assert options == {"socket_connect_timeout": 0.25, "socket_timeout": 0.25}


def test_two_kept_blocks_of_one_page_are_kept_apart(officer, request_of):
    from django.template import RequestContext, Template

    page = Template("{% load kept %}{% kept %}first{% endkept %} {% kept %}second{% endkept %}")
    request = request_of(officer)
    assert page.render(RequestContext(request)) == "first second"
    assert page.render(RequestContext(request_of(officer))) == "first second"


# The rules at the top of pcso/fresh.py, each pinned.


def test_a_change_to_a_field_the_audit_trail_leaves_out_still_computes_it_again(
    officer, team, request_of, monkeypatch
):
    from pcso.models import Team

    monkeypatch.setattr(Team, "audit_exclude", ("name",))  # the trail records nothing of it...
    render = Counted()
    shown(officer, render, request_of)
    entries = AuditEntry.objects.count()
    team.name = "Renamed"
    team.save()
    assert AuditEntry.objects.count() == entries
    shown(officer, render, request_of)
    assert render.calls == 2  # ...but the pages that show it are computed again


def test_a_save_of_fields_no_page_shows_keeps_it(officer, colleague, request_of):
    render = Counted()
    shown(officer, render, request_of)
    colleague.last_login = timezone.now()  # Officer.not_on_kept_pages: every login saves it
    colleague.save(update_fields=["last_login"])
    shown(officer, render, request_of)
    colleague.first_name = "Renamed"
    colleague.save(update_fields=["first_name", "last_login"])
    shown(officer, render, request_of)
    assert render.calls == 2


def test_a_bulk_created_tracked_record_computes_it_again(officer, request_of):
    render = Counted()
    shown(officer, render, request_of)
    Patrol.objects.bulk_create([PatrolFactory.build(officer=officer)])
    shown(officer, render, request_of)
    assert render.calls == 2


@pytest.mark.django_db(transaction=True)
def test_a_change_moves_its_generation_in_its_own_transaction(officer, team):
    from pcso.models import Generation

    def value():
        return (
            Generation.objects.filter(key=fresh.team_key(team.pk)).values_list("value", flat=True).first()
            or 0
        )

    before = value()
    with pytest.raises(RuntimeError), transaction.atomic():
        team.name = "Renamed"
        team.save()
        raise RuntimeError("rolled back")
    assert value() == before  # the change and its mark went together
    with transaction.atomic():
        team.name = "Renamed"
        team.save()
        team.name = "Renamed again"
        team.save()
        assert value() == before  # moved just before the commit, once for the transaction
    assert value() == before + 1


@pytest.mark.django_db(transaction=True)
def test_two_changes_marking_two_teams_in_opposite_orders_never_deadlock(team, other_team):
    """Each transaction moves its generations in one statement just before it commits, its rows
    locked in key order: two that change the same two teams in opposite orders both commit (had
    each moved a team's generation as it changed it, PostgreSQL would refuse one as a deadlock)."""
    import threading

    from django.db import connections

    from pcso.models import Neighbourhood
    from tests.factories import NeighbourhoodFactory

    # Four rows, two in each team: the transactions share no row but the teams' generations.
    west, east = team.neighbourhoods.get(), other_team.neighbourhoods.get()
    west_too, east_too = NeighbourhoodFactory(team=team), NeighbourhoodFactory(team=other_team)
    both_changed_one = threading.Barrier(2, timeout=10)
    errors = []

    def change(one, then):
        try:
            with transaction.atomic():
                Neighbourhood.objects.get(pk=one.pk).save()
                both_changed_one.wait()
                Neighbourhood.objects.get(pk=then.pk).save()
        except Exception as error:  # noqa: BLE001 - the test reports it
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            connections.close_all()

    before = fresh.generations([fresh.team_key(team.pk), fresh.team_key(other_team.pk)])
    threads = [threading.Thread(target=change, args=pair) for pair in ((west, east), (east_too, west_too))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    after = fresh.generations([fresh.team_key(team.pk), fresh.team_key(other_team.pk)])
    assert errors == []
    assert {key: after[key] - before.get(key, 0) for key in after} == {
        fresh.team_key(team.pk): 2,
        fresh.team_key(other_team.pk): 2,
    }


def test_a_scoped_model_that_is_not_tracked_fails_the_system_check():
    from django.db import models
    from django.test.utils import isolate_apps

    from pcso.scope import Scope

    with isolate_apps("tests.permtest"):

        class Untracked(models.Model):  # noqa: DJ008
            """A scoped model written without signals."""

            team = models.ForeignKey("pcso.Team", on_delete=models.CASCADE)
            scope = Scope(team="team")

            class Meta:
                app_label = "permtest"

        class MarkedByHand(models.Model):  # noqa: DJ008
            """The same, whose writers mark by hand."""

            team = models.ForeignKey("pcso.Team", on_delete=models.CASCADE)
            scope = Scope(team="team")
            marks_kept_pages = False

            class Meta:
                app_label = "permtest"

        errors = fresh.kept_page_errors([Untracked, MarkedByHand])
    assert [(error.id, error.obj) for error in errors] == [("pcso.E101", Untracked)]
    assert fresh.check_kept_pages() == []  # every model of the project passes


KEPT_BLOCK = re.compile(r"{%\s*kept\s*%}(.*?){%\s*endkept\s*%}", re.S)
# What would make a kept fragment depend on more than its key and the records its officer sees.
NOT_IN_KEPT = re.compile(r"\bmessages\b|request\.session|{%\s*now\b|\bcsrf_input\b|request\.META")


def test_kept_blocks_show_nothing_from_the_session_or_the_clock():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    found = [
        f"{path.relative_to(root)}: {match.group(0)}"
        for path in sorted(root.rglob("*.html"))
        for block in KEPT_BLOCK.findall(path.read_text())
        for match in NOT_IN_KEPT.finditer(block)
    ]
    assert found == []
    assert len([p for p in root.rglob("*.html") if KEPT_BLOCK.search(p.read_text())]) >= 11


def test_a_fragment_kept_yesterday_is_not_shown_today(officer, request_of, monkeypatch):
    render = Counted()
    shown(officer, render, request_of)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(fresh.timezone, "localdate", lambda: tomorrow)
    shown(officer, render, request_of)
    assert render.calls == 2


# A Redis that refuses or stalls while an officer saves costs a recompute, never a stale page.


@pytest.fixture
def own_redis(tmp_path, settings):
    """A Redis server of this test's own on a free port, using it as the cache: stop() makes it
    refuse connections (its data saved to disk), start() brings it back with that data, and
    pause()/resume() make it stall (SIGSTOP/SIGCONT)."""
    import signal
    import socket
    import subprocess
    import time as clock

    import redis

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    class Server:
        process = None

        def start(self):
            self.process = subprocess.Popen(
                [
                    "redis-server",
                    "--port",
                    str(port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                ]
                + ["--dir", str(tmp_path), "--dbfilename", "kept.rdb"],
                stdout=subprocess.DEVNULL,
            )
            client = redis.Redis(port=port)
            for _ in range(100):
                try:
                    client.ping()
                    return
                except redis.ConnectionError:
                    clock.sleep(0.05)
            raise RuntimeError("redis-server did not start")

        def stop(self):
            redis.Redis(port=port).save()  # what it kept comes back with it
            self.process.terminate()
            self.process.wait(5)

        def pause(self):
            self.process.send_signal(signal.SIGSTOP)

        def resume(self):
            self.process.send_signal(signal.SIGCONT)

    server = Server()
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
    yield server
    server.resume()
    server.process.terminate()
    server.process.wait(5)


def patrol_rows(client) -> list[str]:
    return re.findall(r'data-patrol="(\d+)"', client.get(reverse("patrols:patrol-list")).content.decode())


def test_a_patrol_started_while_redis_refuses_is_on_the_next_page_when_it_is_back(
    client_for, officer, own_redis, monkeypatch
):
    first = PatrolFactory(officer=officer)
    client = client_for(officer)
    assert patrol_rows(client) == [str(first.pk)]  # now kept in Redis
    own_redis.stop()
    newer = PatrolFactory(officer=officer, started_at=timezone.now() - dt.timedelta(minutes=5))
    assert patrol_rows(client) == [str(newer.pk), str(first.pk)]  # computed: Redis refuses
    own_redis.start()
    monkeypatch.setattr(fresh, "_paused_until", 0.0)  # the pause after the failure is over
    assert patrol_rows(client) == [str(newer.pk), str(first.pk)]


def test_a_patrol_started_while_redis_stalls_is_on_the_next_page_when_it_answers_again(
    client_for, officer, own_redis, monkeypatch
):
    first = PatrolFactory(officer=officer)
    client = client_for(officer)
    assert patrol_rows(client) == [str(first.pk)]
    own_redis.pause()
    newer = PatrolFactory(officer=officer, started_at=timezone.now() - dt.timedelta(minutes=5))
    assert patrol_rows(client) == [str(newer.pk), str(first.pk)]  # Redis gave no answer in time
    own_redis.resume()
    monkeypatch.setattr(fresh, "_paused_until", 0.0)
    assert patrol_rows(client) == [str(newer.pk), str(first.pk)]
