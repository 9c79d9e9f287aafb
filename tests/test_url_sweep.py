"""The URL sweep: every URL pattern of the project (every namespace, the admin site included)
against every role, for an own-team, an other-team and a shared record, answers as its row says.
A URL pattern with no row fails the sweep, so no page is added untested.

Rows live with their app, in tests/<app>/sweep_rows.py (tests/pcso/sweep_rows.py for the core
and the admin site), as a list named ROWS:

    from tests.sweep import Row

    ROWS = [
        #                                    pcso col other ser o.ser insp out adm anon
        Row("home", status=                 "200 200  200  200  200  200  200 200 302"),
        Row("patrols:patrol-detail", record="patrol",
            own=                            "200 200  404  200  404  200  404 404 302",
            other=                          "404 404  200  404  200  200  404 404 302"),
        Row("engagement:case-close", record="case", method="post",
            own=..., other=..., shared=...),
    ]

* `name`: the URL's name with its namespace ("patrols:patrol-detail"); for a pattern without a
  name, its route as the resolver walk spells it ("favicon.ico"), and `path` the URL to request
  ("/favicon.ico", or fn(world, variant) -> str).
* `status`: for a URL that names no record, one HTTP status per role, in the order of
  tests.sweep.ROLES: PCSO of the own team (West), a West colleague, a PCSO of the other team
  (East), West's sergeant, East's sergeant, the inspector commanding West and East, an inspector
  commanding neither (North), the administrator, and someone not logged in.
* `record`: for a URL naming a record by `<int:pk>`, the kind of record (a key of RECORDS below:
  "patrol", "hotspot", "case", "victim", "follow_up", "team", "neighbourhood", "officer",
  "notification"...); then `own` (West's record, made by the West PCSO), `other` (East's) and,
  for shareable kinds, `shared` (an East record shared with West) give the statuses.
* `method`: "get" (default) or "post"; `data=fn(world, variant)` the query or form data;
  `kwargs=fn(world, variant)` the URL's keyword arguments when not just the record's pk.

Each request runs in a savepoint that is rolled back, so a POST never changes what the next role
sees. A new kind of record is added to RECORDS here, in one line per variant.
"""

from __future__ import annotations

import importlib
import os
import types
from pathlib import Path

import pytest
from django.db import transaction
from django.http import HttpResponse, StreamingHttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, include, path, reverse
from django.utils import timezone

from engagement.services import diary as diary_services
from pcso import services as core_services
from pcso.models import Notification, Role
from tests.factories import (
    HotspotFactory,
    HotspotVisitFactory,
    NeighbourhoodFactory,
    OfficerFactory,
    PatrolFactory,
    designate,
    make_case,
    make_entry,
    make_group,
    make_notice,
)
from tests.intelligence.conftest import make_report
from tests.sweep import ROLES, Row, World, statuses

TESTS = Path(__file__).resolve().parent


def walk(resolver=None, prefix: str = "", namespace: str = ""):
    """(key, route) of every URL pattern: the namespaced name, or the route when unnamed."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            yield from walk(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            if pattern.name:
                yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), route
            else:
                yield route, route


def all_rows() -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for rows_file in sorted(TESTS.glob("*/sweep_rows.py")):
        module = importlib.import_module(f"tests.{rows_file.parent.name}.sweep_rows")
        for row in module.ROWS:
            assert row.name not in rows, f"two rows for {row.name}"
            rows[row.name] = row
    return rows


def test_every_url_pattern_has_a_row():
    patterns = {key for key, _ in walk()}
    rows = all_rows()
    assert sorted(patterns - set(rows)) == []  # a URL pattern without a row
    assert sorted(set(rows) - patterns) == []  # a row for no URL pattern


def test_a_url_pattern_added_without_a_row_is_caught():
    urlconf = types.ModuleType("with_a_new_page")
    urlconf.urlpatterns = [
        path("", include("pcso.urls")),
        path("new/", lambda request: HttpResponse(), name="new-page"),
        path(
            "reports/",
            include(([path("<int:pk>/", lambda request, pk: HttpResponse(), name="x")], "reports")),
        ),
    ]
    patterns = {key for key, _ in walk(get_resolver(urlconf))}
    assert sorted(patterns - set(all_rows())) == ["new-page", "reports:x"]


@pytest.fixture
def world(db) -> World:
    return build_world()


def build_world() -> World:
    """Three teams and their people, and one record of each kind per variant (RECORDS)."""
    inspector = OfficerFactory(role=Role.INSPECTOR)
    outside_inspector = OfficerFactory(role=Role.INSPECTOR)
    west = core_services.create_team(name="West", inspector=inspector)
    east = core_services.create_team(name="East", inspector=inspector)
    north = core_services.create_team(name="North", inspector=outside_inspector)
    for team, code in ((west, "w"), (east, "e"), (north, "n")):
        NeighbourhoodFactory(team=team, name=f"Area {code}", code=f"area-{code}")
    people = {
        "pcso": OfficerFactory(role=Role.PCSO, team=west),
        "colleague": OfficerFactory(role=Role.PCSO, team=west),
        "other_pcso": OfficerFactory(role=Role.PCSO, team=east),
        "sergeant": OfficerFactory(role=Role.SERGEANT, team=west),
        "other_sergeant": OfficerFactory(role=Role.SERGEANT, team=east),
        "inspector": inspector,
        "outside_inspector": outside_inspector,
        "administrator": OfficerFactory(role=Role.ADMINISTRATOR),
    }
    world = World(people=people)
    for variant, team, author in (("own", west, people["pcso"]), ("other", east, people["other_pcso"])):
        for kind, make in RECORDS.items():
            world.records[(kind, variant)] = make(world, team, author)
    from engagement.services import victims as engagement_services

    shared = make_case(people["other_pcso"], reference="SHARED-1", consents_to_referral=True)
    engagement_services.share_case(officer=people["other_sergeant"], case=shared, team=west)
    world.records[("case", "shared")] = shared
    world.records[("victim", "shared")] = shared.victim
    world.records[("follow_up", "shared")] = shared.follow_ups.get(kind="referral")
    from intelligence.services import reports as intelligence_services

    report = make_report(people["other_pcso"], status="accepted", reviewer=people["other_sergeant"])
    intelligence_services.disseminate_report(officer=people["other_sergeant"], report=report, to_team=west)
    world.records[("report", "shared")] = world.records[("accepted", "shared")] = report
    return world


def _hotspot(world, team, author):
    return HotspotFactory(team=team, neighbourhood=team.neighbourhoods.get())


def _patrol(world, team, author):
    return PatrolFactory(officer=author, neighbourhood=team.neighbourhoods.get())


def _report(status):
    def make(world, team, author):
        sergeant = world.people["sergeant" if team.name == "West" else "other_sergeant"]
        return make_report(author, status=status, reviewer=sergeant)

    return make


def _case(world, team, author):
    return make_case(author, reference=f"CASE-{team.name}", consents_to_referral=True)


# kind -> fn(world, team, the team's PCSO) for the own and other variants
RECORDS = {
    "team": lambda world, team, author: team,
    "neighbourhood": lambda world, team, author: team.neighbourhoods.get(),
    "officer": lambda world, team, author: author,
    "notification": lambda world, team, author: Notification.objects.create(recipient=author, title="Hello"),
    "patrol": _patrol,
    "hotspot": _hotspot,
    "case": _case,
    "victim": lambda world, team, author: (
        world.records[("case", "own" if team.name == "West" else "other")].victim
    ),
    "follow_up": lambda world, team, author: world.records[
        ("case", "own" if team.name == "West" else "other")
    ].follow_ups.get(kind="referral"),
    "report": _report("submitted"),
    "draft": _report("draft"),
    "accepted": _report("accepted"),
    "notice": lambda world, team, author: make_notice(author, "litter"),
    "designation": lambda world, team, author: designate(author, "litter")[0],
    # The community diary: a group, an entry with a concern and an open action (its author's),
    # a priority, a meeting and a query, each of the team.
    "group": lambda world, team, author: make_group(author, name=f"Group {team.name}"),
    "entry": lambda world, team, author: make_entry(
        author,
        [world.records[("group", "own" if team.name == "West" else "other")]],
        concerns=[("asb", "Noise", "Patrols")],
    ),
    "diary_action": lambda world, team, author: world.records[
        ("entry", "own" if team.name == "West" else "other")
    ].actions.get(),
    "priority": lambda world, team, author: diary_services.set_priority(
        officer=world.people["sergeant" if team.name == "West" else "other_sergeant"],
        neighbourhood=team.neighbourhoods.get(),
        issue="Street drinking",
    ),
    "meeting": lambda world, team, author: diary_services.record_meeting(
        officer=author,
        neighbourhood=team.neighbourhoods.get(),
        kind="pact",
        held_at=timezone.now(),
        place="Hall",
    ),
    "query": lambda world, team, author: diary_services.record_query(
        officer=author, neighbourhood=team.neighbourhoods.get(), from_name="Ann", question="Bikes?"
    ),
    # An open hotspot visit on the patrol (patrols:patrol-leave names it in its form data).
    "visit": lambda world, team, author: HotspotVisitFactory(
        patrol=world.records[("patrol", "own" if team.name == "West" else "other")],
        hotspot=world.records[("hotspot", "own" if team.name == "West" else "other")],
        left_at=None,
    ),
    # A number the team's PCSO holds (reserved after their designation above).
    "notice_number": lambda world, team, author: _reserve(author),
}


def _reserve(officer):
    from patrols.services import notices as notice_services

    return notice_services.reserve_numbers(officer=officer)[0]


def row_url(row: Row, world: World, variant: str) -> tuple[str, dict]:
    """The URL a row requests for a variant, and its query or form data."""
    if row.kwargs is not None:
        kwargs = row.kwargs(world, variant)
    elif row.record is not None:
        kwargs = {"pk": world.record(row.record, variant).pk}
    else:
        kwargs = {}
    if row.path is not None:
        url = row.path(world, variant) if callable(row.path) else row.path
    else:
        url = reverse(row.name, kwargs=kwargs)
    return url, (row.data(world, variant) if row.data else {})


def _request(client: Client, row: Row, world: World, variant: str) -> int:
    url, data = row_url(row, world, variant)
    with transaction.atomic():
        response = getattr(client, row.method)(url, data)
        if isinstance(response, StreamingHttpResponse):
            response.getvalue()
        transaction.set_rollback(True)
    return response.status_code


def test_every_role_gets_what_its_row_says_from_every_url(world):
    clients = {}
    for role in ROLES:
        clients[role] = Client(raise_request_exception=False)
        if role != "anonymous":
            clients[role].force_login(world.people[role])
    wrong = []
    record = os.environ.get("SWEEP_RECORD")  # print what each row gets, to write a new row from
    for row in all_rows().values():
        for variant, text in row.cases():
            got = {role: _request(clients[role], row, world, variant) for role in ROLES}
            actual = " ".join(str(got[role]) for role in ROLES)
            if record:
                print(f"SWEEP {row.name} {variant} {actual}")
            elif got != statuses(text):
                wrong.append(f"{row.name} {variant}: expected {text!r}, got {actual!r}")
    assert wrong == []
