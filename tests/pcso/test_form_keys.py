"""One-time form keys (pcso/once.py): every form that makes a record or moves one on, sent twice
with its key, one after the other or two at once on two connections, makes one record and gets
the first answer twice.

The table CREATES lists every such form: the URL, who sends it, and a valid body, in the world of
the URL sweep (tests/test_url_sweep.py); a form the page sends through htmx or a script has a row
for that way of sending too. Every URL whose view takes a POST (an empty POST to it is no 405) has
a row, or is in NOT_MAKING (its POST makes nothing: checked) or NOT_FORMS (no form sends it), with
why; the admin site and the sign-in and password pages are Django's own and left out. A form with
errors spends no key; a key sent again with other contents is refused; every POST form of every
template carries a key.
"""

from __future__ import annotations

import hashlib
import re
import threading
import types
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections, transaction
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from pcso import once
from pcso.models import AuditEntry, FormKey
from tests.test_url_sweep import all_rows, build_world, row_url, walk

ROOT = Path(__file__).resolve().parents[2]
# Tables that change on every request or whose rows are not records.
NOT_RECORDS = {"pcso.auditentry", "pcso.auditseal", "pcso.formkey", "pcso.generation"}


def records() -> dict[str, int]:
    """How many rows each project model holds."""
    counts = {}
    for label in ("pcso", "engagement", "patrols", "intelligence"):
        for model in apps.get_app_config(label).get_models():
            if model._meta.label_lower not in NOT_RECORDS:
                counts[model._meta.label_lower] = model._default_manager.count()
    return counts


def states() -> dict[str, str]:
    """What each project model holds, row by row (a digest): a record moved on changes it."""
    digests = {}
    for label in ("pcso", "engagement", "patrols", "intelligence"):
        for model in apps.get_app_config(label).get_models():
            if model._meta.label_lower not in NOT_RECORDS:
                rows = model._default_manager.order_by("pk").values_list()
                digests[model._meta.label_lower] = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    return digests


@dataclass(frozen=True)
class Create:
    """A form that makes a record or moves one on: its URL name, who sends it, what it sends."""

    name: str
    who: str  # a key of the sweep world's people
    data: Any  # fn(world) -> the valid body
    kwargs: Any = None  # fn(world) -> the URL's keyword arguments
    made: str = ""  # the model a sending adds a row to ("" when it moves a record on)
    headers: Any = None  # request headers the page's script sends (htmx, JSON)
    way: str = ""  # how the page sends it, when it is not a plain form ("htmx", "script")

    def url(self, world) -> str:
        return reverse(self.name, kwargs=self.kwargs(world) if self.kwargs else None)

    def post(self, client: Client, url: str, body: dict):
        """One sending of the body (a file in it is sent whole each time)."""
        sent = {name: value.file() if isinstance(value, Upload) else value for name, value in body.items()}
        return client.post(url, sent, headers=self.headers or {})

    def __str__(self) -> str:
        return f"{self.name} ({self.way})" if self.way else self.name


@dataclass(frozen=True)
class Upload:
    """A file in a body: a new upload of the same bytes for each sending."""

    name: str
    content: bytes

    def file(self) -> SimpleUploadedFile:
        return SimpleUploadedFile(self.name, self.content, content_type="text/csv")


def _notice(world):
    from patrols.models import OffenceType

    return {
        "offence": OffenceType.objects.get(code="litter").pk,
        "recipient_name": "John Smith",
        "recipient_date_of_birth": "1990-05-17",
        "recipient_address": "1 Fleet Street",
        "identity_check": "photo_id",
        "place": "Fleet Street by the church",
        "circumstances": "Dropped a coffee cup and walked on.",
    }


def _entry(world):
    return {
        "groups": [world.record("group", "own").pk],
        "kind": "meeting",
        "place": "Market hall",
        "notes": "Twelve residents came.",
        "concerns-TOTAL_FORMS": "1",
        "concerns-INITIAL_FORMS": "0",
        "concerns-MIN_NUM_FORMS": "0",
        "concerns-MAX_NUM_FORMS": "1000",
        "concerns-0-category": "parking",
        "concerns-0-description": "Vans on the pavement",
    }


def _pk(kind, variant="own"):
    """The URL's keyword arguments: the sweep world's record of this kind."""
    return lambda world: {"pk": world.record(kind, variant).pk}


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def _soon(days=7) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def _hand_back_one(world):
    from patrols.services import notices as notice_services

    notice_services.return_number(user=world.people["pcso"], number=world.record("notice_number", "own"))


def _area(world, variant="own"):
    return world.record("neighbourhood", variant)


def _first(prepare, data=None):
    """A body whose form needs a record in some state first: `prepare(world)` brings it there
    (before the counting starts), then the body is `data(world)`."""

    def body(world):
        prepare(world)
        return data(world) if data else {}

    return body


# The core


def _language(world):
    return {"language": "cy", "next": "/"}


# Engagement: victims and cases


def _case(world):
    return {
        "name": "Ann Lee",
        "preferred_contact_method": "phone",
        "consents_to_referral": "on",
        "reference": "CAD-3003",
        "category": "anti-social-behaviour",
        "occurred_on": timezone.localdate().isoformat(),
    }


def _assessment(world):
    from engagement.models import RiskBand

    return {
        "final_band": RiskBand.objects.get(code="high").pk,
        "rationale": "Threats made at the door.",
        "action_plan": "Daily drive-bys; CCTV.",
    }


def _contact(world):
    return {"contact_method": "phone", "spoke_to": "Jane Doe", "outcome": "contacted", "notes": "All quiet."}


# Engagement: the community diary


def _group(world):
    return {
        "name": "Market traders",
        "kind": "watch",
        "neighbourhood": _area(world).pk,
        "contact_officer": world.people["pcso"].pk,
        "contact_method": "phone",
        "contact_details": "07700 900123",
        "contact_every_days": 30,
        "active": "on",
    }


def _entry_edit(world):
    entry = world.record("entry", "own")
    concern = entry.concerns.get()
    return {
        "groups": [world.record("group", "own").pk],
        "kind": "street",
        "occurred_at": "",
        "place": "Corrected place",
        "notes": "",
        "concerns-TOTAL_FORMS": "1",
        "concerns-INITIAL_FORMS": "1",
        "concerns-MIN_NUM_FORMS": "0",
        "concerns-MAX_NUM_FORMS": "1000",
        "concerns-0-concern_id": str(concern.pk),
        "concerns-0-category": "asb",
        "concerns-0-description": "Noise late at night",
    }


def _action(world):
    return {"description": "Leaflet drop", "owner": world.people["pcso"].pk, "due_on": _soon()}


def _action_done(world):
    return {f"action-{world.record('diary_action', 'own').pk}-outcome": "Patrols moved them on."}


def _priority(world):
    return {
        "issue": "Speeding on the hill",
        "issue_date": timezone.localdate().isoformat(),
        "action": "Speed watch",
        "action_date": _soon(),
    }


def _meeting(world):
    return {
        "neighbourhood": _area(world).pk,
        "kind": "pact",
        "held_at": _local(timezone.now() - timedelta(hours=2)),
        "place": "Library",
        "attendance": 9,
    }


def _query(world):
    return {"neighbourhood": _area(world).pk, "from_name": "Bob", "question": "Who mends the lights?"}


# Patrols


def _running(world):
    """A patrol the PCSO is on now (the sweep world's own patrol has ended)."""
    from patrols.services import patrols as patrol_services

    running = world.records.get(("running", "own"))
    if running is None:
        running = patrol_services.start_patrol(officer=world.people["pcso"])
        world.records[("running", "own")] = running
    return running


def _arrived(world):
    from patrols.services import patrols as patrol_services

    patrol = _running(world)
    visit = patrol_services.arrive_at_hotspot(
        user=world.people["pcso"], patrol=patrol, hotspot=world.record("hotspot", "own")
    )
    world.records[("open_visit", "own")] = visit


def _past_patrol(world):
    now = timezone.now()
    return {
        "mode": "foot",
        "started_at": _local(now - timedelta(hours=6)),
        "ended_at": _local(now - timedelta(hours=4)),
        "neighbourhood": _area(world).pk,
        "summary": "Shops and the park.",
    }


def _patrol_edit(world):
    patrol = world.record("patrol", "own")
    return {
        "mode": patrol.mode,
        "started_at": _local(patrol.started_at),
        "ended_at": _local(patrol.ended_at),
        "neighbourhood": _area(world).pk,
        "summary": "Summary now",
    }


def _visit(world):
    patrol = world.record("patrol", "own")
    return {
        "hotspot": world.record("hotspot", "own").pk,
        "arrived_at": _local(patrol.ended_at - timedelta(minutes=40)),
        "left_at": _local(patrol.ended_at - timedelta(minutes=20)),
    }


def _approved(world):
    from patrols.services import patrols as patrol_services

    patrol_services.approve_patrol(user=world.people["sergeant"], patrol=world.record("patrol", "own"))


def _hotspot(world):
    return {
        "team": world.people["sergeant"].team_id,
        "name": "Ludgate Circus",
        "neighbourhood": _area(world).pk,
        "latitude": "51.514",
        "longitude": "-0.104",
        "radius_m": "80",
        "weekly_target_minutes": 45,
        "dose_cap_minutes": 15,
        "active_from": timezone.localdate().isoformat(),
        "source": "Street crime 2024",
    }


def _hotspot_edit(world):
    hotspot = world.record("hotspot", "own")
    return {**_hotspot(world), "name": f"{hotspot.name} (moved)", "weekly_target_minutes": 90}


def _payment(world):
    return {"amount": "10.00", "paid_on": timezone.localdate().isoformat(), "reference": "CTO-1"}


def _designation(world):
    from patrols.models import OffenceType

    return {
        "officer": world.people["colleague"].pk,
        "offence": OffenceType.objects.get(code="graffiti-fly-posting").pk,
    }


# Intelligence


def _crime_file(world):
    from tests.intelligence.crime_data import MARCH_2024

    return {"file": Upload(MARCH_2024.name, MARCH_2024.read_bytes())}


def _cell(world):
    """A cell of West's grid holding an imported crime, as the suggestions page offers it."""
    from intelligence.queries import crime as crime_queries
    from tests.intelligence.crime_data import crime

    area = _area(world)
    crime(area, "51.5120", "-0.1050", crime_type="Shoplifting", place="Fleet Street", month=date(2024, 3, 1))
    team = area.team
    grid = crime_queries.grid_for(team, 150)
    cell = crime_queries.rank_cells(
        crime_queries.crime_records(
            world.people["sergeant"], team=team, start=date(2024, 1, 1), end=date(2024, 3, 1), types=[]
        ),
        grid,
    )[0]
    return {"team": team.pk, "start": "2024-01", "end": "2024-03", "size": 150, "x": cell.x, "y": cell.y}


def _report(world):
    from tests.intelligence.conftest import report_type

    return {
        "text": "Two men swap plates on a white van",
        "occurred_at": _local(timezone.now() - timedelta(days=1)),
        "location_text": "Aldgate bus station",
        "report_type": str(report_type().pk),
        "source_type": "officer",
        "source_evaluation": "1",
        "intelligence_assessment": "A",
        "handling_code": "P",
        "priority": "1",
        "sanitised": "on",
        "subjects-TOTAL_FORMS": "1",
        "subjects-INITIAL_FORMS": "0",
        "subjects-MIN_NUM_FORMS": "0",
        "subjects-MAX_NUM_FORMS": "30",
        "subjects-0-role": "vehicle",
        "subjects-0-description": "White van LM68 XYZ",
        "action": "submit",
    }


def _report_edit(world):
    return {**_report(world), "subjects-INITIAL_FORMS": "0", "action": "save"}


def _under_review(world):
    from intelligence.services import reports as report_services

    report_services.start_review(officer=world.people["sergeant"], report=world.record("report", "own"))


def _review(world):
    return {
        "decision": "accept",
        "source_evaluation": "2",
        "intelligence_assessment": "B",
        "handling_code": "P",
        "handling_conditions": "",
        "reason": "",
    }


def _reviews_missing(world):
    """West's case assessed high while West had no sergeant: its sergeant review is unplanned."""
    from engagement.models import FollowUp, RiskBand
    from engagement.services import victims as victim_services

    case = world.record("case", "own")
    victim_services.assess_risk(
        officer=world.people["pcso"],
        case=case,
        answers={},
        final_band=RiskBand.objects.get(code="high"),
        rationale="Threats made at the door.",
        action_plan="Daily drive-bys.",
    )
    case.follow_ups.filter(kind=FollowUp.Kind.SERGEANT_REVIEW).delete()


HTMX = {"HX-Request": "true"}
SCRIPT = {"Accept": "application/json"}  # static/js/patrol-points.js

CREATES = [
    # The core. The language switch keeps the choice on the officer's account.
    Create("set_language", "pcso", _language),
    # Not a tracked record, and a bulk update: PostgreSQL still says the sending wrote.
    Create("notifications-read-all", "pcso", lambda world: {}),
    # Engagement: victims and their cases
    Create("engagement:case-create", "pcso", _case, made="engagement.victimcase"),
    Create("engagement:case-assess", "pcso", _assessment, _pk("case"), made="engagement.riskassessment"),
    Create(
        "engagement:case-key-event",
        "pcso",
        lambda world: {"event": "charged"},
        _pk("case"),
        made="engagement.followup",
    ),
    Create("engagement:case-close", "sergeant", lambda world: {"reason": "Victim moved away."}, _pk("case")),
    # A django-guardian group permission given and taken away, and an audit event.
    Create(
        "engagement:case-share",
        "sergeant",
        lambda world: {"team": world.people["other_pcso"].team_id},
        _pk("case"),
    ),
    Create(
        "engagement:case-unshare",
        "other_sergeant",
        lambda world: {"team": world.people["pcso"].team_id},
        _pk("case", "shared"),
    ),
    Create(
        "engagement:case-plan-reviews",
        "sergeant",
        _first(_reviews_missing),
        _pk("case"),
        made="engagement.followup",
    ),
    Create(
        "engagement:case-assign",
        "sergeant",
        lambda world: {"assigned_officer": world.people["colleague"].pk},
        _pk("case"),
    ),
    Create("engagement:follow-up-detail", "pcso", _contact, _pk("follow_up")),
    # Engagement: the community diary
    Create("engagement:entry-create", "pcso", _entry, made="engagement.diaryentry"),
    Create("engagement:entry-edit", "pcso", _entry_edit, _pk("entry")),
    Create("engagement:action-add", "pcso", _action, _pk("entry"), made="engagement.action"),
    Create("engagement:action-complete", "pcso", _action_done, _pk("diary_action")),
    Create("engagement:group-create", "pcso", _group, made="engagement.communitygroup"),
    Create(
        "engagement:group-edit",
        "pcso",
        lambda world: {**_group(world), "name": "Group West (renamed)"},
        _pk("group"),
    ),
    Create(
        "engagement:priority-list", "sergeant", _priority, _pk("neighbourhood"), made="engagement.priority"
    ),
    Create(
        "engagement:priority-review",
        "sergeant",
        lambda world: {"action": "Speed checks", "action_date": _soon(), "close": "on"},
        _pk("priority"),
    ),
    Create("engagement:meeting-create", "pcso", _meeting, made="engagement.meeting"),
    Create("engagement:query-create", "pcso", _query, made="engagement.neighbourhoodquery"),
    Create(
        "engagement:query-detail", "pcso", lambda world: {"answer": "The council, this week."}, _pk("query")
    ),
    # Patrols
    Create("patrols:patrol-start", "pcso", lambda world: {"mode": "foot"}, made="patrols.patrol"),
    Create("patrols:patrol-add", "pcso", _past_patrol, made="patrols.patrol"),
    Create("patrols:patrol-edit", "pcso", _patrol_edit, _pk("patrol")),
    Create(
        "patrols:patrol-end", "pcso", _first(_running, lambda world: {"summary": "All quiet"}), _pk("running")
    ),
    Create(
        "patrols:patrol-point",
        "pcso",
        _first(_running, lambda world: {"latitude": "51.5115", "longitude": "-0.1030", "source": "gps"}),
        _pk("running"),
        made="patrols.patrolpoint",
        headers=SCRIPT,
        way="script",
    ),
    Create(
        "patrols:patrol-activity",
        "pcso",
        _first(_running, lambda world: {"kind": "advice", "note": "Bike marking"}),
        _pk("running"),
        made="patrols.patrolactivity",
    ),
    Create(
        "patrols:patrol-activity",
        "pcso",
        _first(_running, lambda world: {"kind": "advice", "note": "Bike marking"}),
        _pk("running"),
        made="patrols.patrolactivity",
        headers=HTMX,
        way="htmx",
    ),
    Create(
        "patrols:patrol-arrive",
        "pcso",
        _first(_running, lambda world: {"hotspot": world.record("hotspot", "own").pk}),
        _pk("running"),
        made="patrols.hotspotvisit",
    ),
    Create(
        "patrols:patrol-arrive",
        "pcso",
        _first(_running, lambda world: {"hotspot": world.record("hotspot", "own").pk}),
        _pk("running"),
        made="patrols.hotspotvisit",
        headers=HTMX,
        way="htmx",
    ),
    Create(
        "patrols:patrol-leave",
        "pcso",
        _first(_arrived, lambda world: {"visit": world.record("open_visit", "own").pk}),
        _pk("running"),
    ),
    Create(
        "patrols:patrol-leave",
        "pcso",
        _first(_arrived, lambda world: {"visit": world.record("open_visit", "own").pk}),
        _pk("running"),
        headers=HTMX,
        way="htmx",
    ),
    Create("patrols:patrol-visit", "pcso", _visit, _pk("patrol"), made="patrols.hotspotvisit"),
    Create("patrols:patrol-approve", "sergeant", lambda world: {"comment": "Good patrol"}, _pk("patrol")),
    Create(
        "patrols:patrol-approve",
        "sergeant",
        lambda world: {"comment": "Good patrol"},
        _pk("patrol"),
        headers=HTMX,
        way="htmx",
    ),
    Create(
        "patrols:patrol-approve",
        "sergeant",
        lambda world: {"next": "queue"},
        _pk("patrol"),
        headers=HTMX,
        way="htmx, review queue",
    ),
    Create("patrols:patrol-return", "sergeant", lambda world: {"comment": "Add a summary"}, _pk("patrol")),
    Create("patrols:patrol-undo-approval", "sergeant", _first(_approved), _pk("patrol")),
    Create(
        "patrols:patrol-undo-approval",
        "sergeant",
        _first(_approved),
        _pk("patrol"),
        headers=HTMX,
        way="htmx",
    ),
    Create("patrols:hotspot-add", "sergeant", _hotspot, made="patrols.hotspot"),
    Create("patrols:hotspot-edit", "sergeant", _hotspot_edit, _pk("hotspot")),
    Create(
        "patrols:officer-neighbourhoods",
        "sergeant",
        lambda world: {"neighbourhoods": [_area(world).pk]},
        _pk("officer"),
        made="patrols.officerneighbourhood",
    ),
    Create("patrols:notice-issue", "pcso", _notice, made="patrols.fixedpenaltynotice"),
    Create("patrols:notice-payment", "pcso", _payment, _pk("notice"), made="patrols.payment"),
    Create("patrols:notice-hearing", "pcso", lambda world: {}, _pk("notice")),
    Create(
        "patrols:notice-cancel",
        "sergeant",
        lambda world: {"reason": "Issued to the wrong person."},
        _pk("notice"),
    ),
    Create("patrols:designation-list", "sergeant", _designation, made="patrols.designation"),
    Create("patrols:designation-revoke", "sergeant", lambda world: {}, _pk("designation")),
    # The numbers a phone holds (a ticket book): the PCSO holds a block; one handed back first,
    # so a top-up adds one number.
    Create(
        "patrols:notice-numbers-reserve",
        "pcso",
        _first(_hand_back_one),
        made="patrols.noticenumber",
    ),
    Create(
        "patrols:notice-numbers-reserve",
        "pcso",
        _first(_hand_back_one),
        made="patrols.noticenumber",
        headers=SCRIPT,  # static/js/notice-book.js
        way="script",
    ),
    Create("patrols:notice-number-return", "pcso", lambda world: {}, _pk("notice_number")),
    Create(
        "patrols:notice-number-spoil",
        "pcso",
        lambda world: {"reason": "Begun and not handed over."},
        _pk("notice_number"),
    ),
    # Intelligence
    Create("intelligence:crime-import", "sergeant", _crime_file, made="intelligence.crimeimport"),
    Create("intelligence:hotspot-from-cell", "sergeant", _cell, made="patrols.hotspot"),
    Create("intelligence:report-create", "pcso", _report, made="intelligence.intelligencereport"),
    Create("intelligence:report-edit", "pcso", _report_edit, _pk("draft")),
    Create("intelligence:report-submit", "pcso", lambda world: {}, _pk("draft")),
    Create("intelligence:report-start-review", "sergeant", lambda world: {}, _pk("report")),
    Create(
        "intelligence:report-start-review",
        "sergeant",
        lambda world: {},
        _pk("report"),
        headers=HTMX,
        way="htmx",
    ),
    Create("intelligence:report-review", "sergeant", _first(_under_review, _review), _pk("report")),
    Create(
        "intelligence:report-disseminate",
        "sergeant",
        lambda world: {"to_team": world.people["other_pcso"].team_id},
        _pk("accepted"),
    ),
    Create(
        "intelligence:report-retention",
        "sergeant",
        lambda world: {"decision": "retain", "reason": "Live enquiry", "next_review_on": ""},
        _pk("accepted"),
    ),
]


def _row(entry) -> Create:
    """A row of CREATES, marked (pytest.param) or not."""
    return entry.values[0] if isinstance(entry, type(pytest.param(None))) else entry


def _client(officer) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    return client


def _answer(response) -> tuple:
    return response.status_code, response.get("Location"), response.content


# A sending's answer: a redirect, the page or fragment of an htmx form, a script's JSON.
ANSWERED = (200, 201, 302)


@pytest.mark.django_db
@pytest.mark.parametrize("form", CREATES, ids=str)
def test_a_form_sent_twice_in_a_row_makes_one_record_and_gets_the_first_answer(form):
    world = build_world()
    client = _client(world.people[form.who])
    body = {**form.data(world), once.FIELD: str(uuid.uuid4())}
    before, held = records(), states()
    first = form.post(client, form.url(world), body)
    after_first, held_first, trail = records(), states(), AuditEntry.objects.count()
    again = form.post(client, form.url(world), body)
    assert first.status_code in ANSWERED, first.content.decode()[:2000]
    assert held_first != held  # the first sending made or moved something
    if form.made:
        assert after_first[form.made] == before[form.made] + 1
    assert _answer(again) == _answer(first)
    assert (records(), states()) == (after_first, held_first)
    assert AuditEntry.objects.count() == trail  # the second ran nothing, not even a read
    assert FormKey.objects.filter(officer=world.people[form.who]).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("form", CREATES, ids=str)
def test_a_form_sent_twice_at_once_on_two_connections_makes_one_record(form):
    world = build_world()
    officer = world.people[form.who]
    body = {**form.data(world), once.FIELD: str(uuid.uuid4())}
    url = form.url(world)
    before = records()
    start = threading.Barrier(2)
    answers = [None, None]

    def send(slot):
        client = _client(officer)
        try:
            start.wait()
            answers[slot] = _answer(form.post(client, url, body))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(slot,)) for slot in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert answers[0] == answers[1]
    assert answers[0][0] in ANSWERED
    after = records()
    changed = {label: (before[label], after[label]) for label in after if after[label] != before[label]}
    if form.made:
        assert changed[form.made] == (before[form.made], before[form.made] + 1)
    assert FormKey.objects.filter(officer=officer).count() == 1


# Left out of CREATES: Django's own pages. The admin site (the administrator's, its forms
# Django's, with no {% form_key %}) and signing in and out and the password pages (no officer
# yet, or the session itself is what changes: no record of the project is made).
REGISTRATION = frozenset(
    {
        "login",
        "logout",
        "password_change",
        "password_change_done",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
    }
)

# URLs whose view takes a POST that makes and moves nothing (checked below: an empty POST to
# each changes no record). Most are pages whose function view does not refuse POST and answers
# it as it answers GET; no form posts to them.
_PAGE = "a page: its view answers POST as GET, and no form posts to it"
_EXPORT = "a download (CSV, JSON or GeoJSON): its view answers POST as GET, and no form posts to it"
_FILTER = "a page with a filter form (method get): its view answers POST as GET, making nothing"
NOT_MAKING: dict[str, str] = {
    "home": _PAGE,
    "healthz": "the health check: SELECT 1, whatever the method",
    "favicon.ico": "a redirect to the icon, whatever the method",
    "team-dashboard": _FILTER,
    "neighbourhood-dashboard": _FILTER,
    "dashboard-boundaries": _EXPORT,
    "dashboard-export": _EXPORT,
    "engagement:case-export": _EXPORT,
    "engagement:entry-detail": _PAGE,
    "engagement:handover": _PAGE,
    "engagement:priority-overview": _PAGE,
    "engagement:you-said-we-did": _FILTER,
    "engagement:you-said-we-did-csv": _EXPORT,
    "engagement:you-said-we-did-json": _EXPORT,
    "patrols:patrol-detail": _PAGE,
    "patrols:patrol-export": _EXPORT,
    "patrols:patrol-points": _EXPORT,
    "patrols:hotspot-list": _FILTER,
    "patrols:locality": _FILTER,
    "patrols:map": _PAGE,
    "patrols:map-hotspots": _EXPORT,
    "patrols:map-neighbourhoods": _EXPORT,
    "patrols:notice-detail": _PAGE,
    "patrols:notice-export": _EXPORT,
    "intelligence:crime-import-detail": _PAGE,
    "intelligence:crime-points": _EXPORT,
    "intelligence:hotspot-suggestions": _FILTER,
    "intelligence:report-detail": _PAGE,
    "intelligence:report-export": _EXPORT,
}

# URLs whose view takes a POST that no form sends.
NOT_FORMS: dict[str, str] = {
    "notification-open": (
        "opened by a link in the inbox (GET), which marks the notification read and redirects to"
        " its page; a POST does the same, and no form sends one (a link opened twice is no record"
        " made twice)"
    ),
}


def _outside(key: str, route: str) -> bool:
    return key.startswith("admin:") or route.startswith("admin/") or key in REGISTRATION


def posted(world, changed: dict | None = None) -> dict[str, int | str]:
    """What an empty POST to each URL pattern (outside the admin site and the sign-in pages)
    answers the sweep world's PCSO, undone after; 405 means the view takes no POST. The URL is the
    sweep row's (tests/<app>/sweep_rows.py), for the PCSO's own team's record. The URLs of
    NOT_MAKING that changed a record are put in `changed`."""
    rows = all_rows()
    client = _client(world.people["pcso"])
    answers: dict[str, int | str] = {}
    for key, route in walk():
        if _outside(key, route):
            continue
        try:
            url = row_url(rows[key], world, "own")[0] if key in rows else reverse(key)
        except NoReverseMatch:
            answers[key] = "no sweep row to make its URL from"
            continue
        with transaction.atomic():
            held = states() if key in NOT_MAKING else None
            response = client.post(url)
            if isinstance(response, StreamingHttpResponse):
                response.getvalue()
            if held is not None and changed is not None and states() != held:
                changed[key] = NOT_MAKING[key]
            transaction.set_rollback(True)
        answers[key] = response.status_code
    return answers


def unlisted(answers: dict[str, int | str]) -> dict[str, int | str]:
    """The URLs taking a POST that are in none of CREATES, NOT_MAKING and NOT_FORMS."""
    listed = {_row(entry).name for entry in CREATES} | set(NOT_MAKING) | set(NOT_FORMS)
    return {key: answer for key, answer in sorted(answers.items()) if answer != 405 and key not in listed}


@pytest.mark.django_db
def test_every_url_taking_a_post_has_a_row_or_says_why_not():
    changed = {}
    answers = posted(build_world(), changed)
    assert unlisted(answers) == {}  # add a row to CREATES, or to NOT_MAKING or NOT_FORMS with why
    assert changed == {}  # in NOT_MAKING, but a POST changed a record
    listed = {_row(entry).name for entry in CREATES} | set(NOT_MAKING) | set(NOT_FORMS)
    stale = {
        key: answers.get(key, "no such URL pattern") for key in sorted(listed) if answers.get(key, 405) == 405
    }
    assert stale == {}  # listed, but no URL pattern of that name takes a POST


@pytest.mark.django_db
def test_a_url_taking_a_post_added_without_a_row_is_caught(settings):
    from django.http import HttpResponse
    from django.shortcuts import redirect
    from django.urls import include, path
    from django.views.decorators.http import require_GET, require_POST

    urlconf = types.ModuleType("with_a_new_form")
    urlconf.urlpatterns = [
        path("", include("pcso.urls")),
        path("new/", require_POST(lambda request: redirect("home")), name="new-form"),
        path("new/<int:pk>/", lambda request, pk: HttpResponse(), name="new-record-form"),
        path("page/", require_GET(lambda request: HttpResponse()), name="new-page"),
    ]
    settings.ROOT_URLCONF = urlconf
    found = unlisted(posted(build_world()))
    assert {key: found.get(key) for key in ("new-form", "new-record-form", "new-page")} == {
        "new-form": 302,
        "new-record-form": "no sweep row to make its URL from",
        "new-page": None,
    }


@pytest.mark.django_db
def test_a_location_sent_with_the_pages_spent_key_is_refused_in_json():
    """The location button and the map tap post each point through the same form on the page,
    by script, without reloading it: the script gives each point a key of its own
    (static/js/patrol-points.js; tests/browser/test_double_tap.py). One sent with a spent key and
    other contents is refused, in words the script can show."""
    world = build_world()
    patrol = _running(world)
    client = _client(world.people["pcso"])
    page = client.get(reverse("patrols:patrol-detail", args=[patrol.pk])).content.decode()
    form = re.search(r"<form[^>]*data-point-form>(.*?)</form>", page, re.S).group(1)
    key = re.search(r'name="form_key" value="([0-9a-f-]{36})"', form).group(1)
    url = reverse("patrols:patrol-point", args=[patrol.pk])
    answers = [
        client.post(url, {once.FIELD: key, "latitude": latitude, "longitude": "-0.1030"}, headers=SCRIPT)
        for latitude in ("51.5115", "51.5120")
    ]
    assert [answer.status_code for answer in answers] == [201, 422]
    assert answers[1].json() == {
        "error": "This form was already sent with other contents. Nothing new was saved."
    }
    assert patrol.points.count() == 1


@pytest.mark.django_db
def test_two_sendings_with_two_keys_make_two_records():
    world = build_world()
    form = next(form for form in map(_row, CREATES) if form.name == "patrols:notice-issue")
    client = _client(world.people[form.who])
    before = records()[form.made]
    for _ in range(2):
        client.post(form.url(world), {**form.data(world), once.FIELD: str(uuid.uuid4())})
    assert records()[form.made] == before + 2


@pytest.mark.django_db
def test_a_form_with_errors_spends_no_key_and_the_corrected_form_is_saved_with_it():
    world = build_world()
    client = _client(world.people["pcso"])
    key = str(uuid.uuid4())
    body = {**_notice(world), once.FIELD: key}
    refused = client.post(reverse("patrols:notice-issue"), {**body, "recipient_name": ""})
    assert refused.status_code == 400
    assert FormKey.objects.count() == 0
    saved = client.post(reverse("patrols:notice-issue"), body)
    assert saved.status_code == 302
    assert list(FormKey.objects.values_list("key", "location")) == [(uuid.UUID(key), saved["Location"])]


@pytest.mark.django_db
def test_a_spent_key_sent_with_other_contents_is_refused_and_makes_nothing():
    world = build_world()
    client = _client(world.people["pcso"])
    body = {**_notice(world), once.FIELD: str(uuid.uuid4())}
    client.post(reverse("patrols:notice-issue"), body)
    before = records()
    other = client.post(reverse("patrols:notice-issue"), {**body, "recipient_name": "Jane Smith"})
    assert other.status_code == 422
    assert "This form was already sent" in other.content.decode()
    assert records() == before


@pytest.mark.django_db
def test_a_key_is_the_officers_own():
    """Another officer's sending with the same key is a sending of its own."""
    world = build_world()
    key = str(uuid.uuid4())
    for who in ("pcso", "colleague"):
        from tests.factories import designate

        designate(world.people[who], "litter")
        _client(world.people[who]).post(reverse("patrols:notice-issue"), {**_notice(world), once.FIELD: key})
    assert FormKey.objects.filter(key=key).count() == 2


@pytest.mark.django_db
def test_keys_older_than_form_key_days_are_forgotten(settings):
    from datetime import timedelta

    from django.utils import timezone

    world = build_world()
    now = timezone.now()
    for days in (settings.FORM_KEY_DAYS + 1, settings.FORM_KEY_DAYS - 1):
        FormKey.objects.create(
            officer=world.people["pcso"], key=uuid.uuid4(), made_at=now - timedelta(days=days)
        )
    assert once.forget(now) == 1
    assert FormKey.objects.count() == 1


def test_every_post_form_in_every_template_carries_a_key():
    """Every <form method="post"> holds {% form_key %} (the sign-in form aside: no officer yet)."""
    missing = []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        text = template.read_text()
        for match in re.finditer(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", text, re.S | re.I):
            # The 503 page sends the posted fields again, the posted key among them.
            if "{% form_key %}" not in match.group(1) and template.name not in ("login.html", "503.html"):
                missing.append(f"{template.relative_to(ROOT)}:{text.count(chr(10), 0, match.start()) + 1}")
    assert missing == []


@pytest.mark.django_db
def test_a_shown_form_gets_a_new_key_each_time(client):
    world = build_world()
    client.force_login(world.people["pcso"])
    keys = [
        re.findall(
            r'name="form_key" value="([0-9a-f-]{36})"',
            client.get(reverse("patrols:notice-issue")).content.decode(),
        )
        for _ in range(2)
    ]
    # The page's forms: the notice, signing out, the language.
    assert len(keys[0]) == len(keys[1]) == 3
    assert len(set(keys[0] + keys[1])) == 6
