"""One factory per model; people and teams go through the services so their grants are real."""

import datetime as _dt

import factory
from django.utils import timezone as _timezone

from patrols.models import Hotspot, HotspotVisit, OfficerNeighbourhood, Patrol, PatrolActivity, PatrolPoint
from pcso import services
from pcso.models import Neighbourhood, Officer, Role, Team

PASSWORD = "correct-horse-battery-staple"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.create_team(**kwargs)


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood

    team = factory.SubFactory(TeamFactory)
    name = factory.Sequence(lambda n: f"Neighbourhood {n}")
    code = factory.Sequence(lambda n: f"nb-{n}")
    boundary = factory.LazyFunction(
        lambda: {
            "type": "Polygon",
            "coordinates": [
                [[-0.113, 51.508], [-0.093, 51.508], [-0.093, 51.515], [-0.113, 51.515], [-0.113, 51.508]]
            ],
        }
    )
    centre_latitude = "51.511500"
    centre_longitude = "-0.103000"


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer

    collar_number = factory.Sequence(lambda n: f"T{n:04d}")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = factory.Sequence(lambda n: f"Last{n}")
    role = Role.PCSO
    team = None
    email = factory.LazyAttribute(lambda o: f"{o.collar_number.lower()}@example.invalid")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.create_officer(password=PASSWORD, **kwargs)


# Victims (engagement): cases go through the service so follow-ups and reminders are real.


def make_case(officer, *, victim=None, now=None, **overrides):
    """A victim case opened by `officer` in their team; keyword overrides for victim and case fields."""
    from engagement.models import Category
    from engagement.services import victims as engagement_services

    victim_details = {
        "name": overrides.pop("victim_name", "Jane Doe"),
        "phone": overrides.pop("phone", "07700 900123"),
        "consents_to_referral": overrides.pop("consents_to_referral", False),
        "date_of_birth": overrides.pop("date_of_birth", None),
        "postcode": overrides.pop("postcode", ""),
    }
    case_details = {
        "reference": overrides.pop("reference", "CAD-1001"),
        "category": overrides.pop("category", Category.ASB),
        "occurred_on": overrides.pop("occurred_on", None),
        **overrides,
    }
    if case_details["occurred_on"] is None:
        from django.utils import timezone

        case_details["occurred_on"] = timezone.localdate()
    return engagement_services.create_case(
        officer=officer,
        victim=victim,
        victim_details=None if victim else victim_details,
        now=now,
        **case_details,
    )


# Patrols (patrols app)


class PatrolFactory(factory.django.DjangoModelFactory):
    """An ended patrol of two hours, yesterday, awaiting review."""

    class Meta:
        model = Patrol

    officer = factory.SubFactory(OfficerFactory)
    team = factory.LazyAttribute(lambda o: o.officer.team)
    mode = Patrol.Mode.FOOT
    started_at = factory.LazyFunction(lambda: _timezone.now() - _dt.timedelta(days=1, hours=2))
    ended_at = factory.LazyAttribute(lambda o: o.started_at + _dt.timedelta(hours=2))
    status = Patrol.Status.ENDED


class PatrolPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PatrolPoint

    patrol = factory.SubFactory(PatrolFactory)
    recorded_at = factory.LazyAttribute(lambda o: o.patrol.started_at)
    latitude = "51.511500"
    longitude = "-0.103000"
    source = PatrolPoint.Source.GPS


class PatrolActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PatrolActivity

    patrol = factory.SubFactory(PatrolFactory)
    kind = "engagement"
    at = factory.LazyAttribute(lambda o: o.patrol.started_at)


class HotspotFactory(factory.django.DjangoModelFactory):
    """A 100 m circle inside the test neighbourhood."""

    class Meta:
        model = Hotspot

    team = factory.SubFactory(TeamFactory)
    name = factory.Sequence(lambda n: f"Hotspot {n}")
    geometry = factory.LazyFunction(lambda: {"type": "Point", "coordinates": [-0.103, 51.5115]})
    radius_m = 100
    weekly_target_minutes = 60
    active_from = _dt.date(2020, 1, 1)


class HotspotVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HotspotVisit

    patrol = factory.SubFactory(PatrolFactory)
    hotspot = factory.SubFactory(HotspotFactory)
    arrived_at = factory.LazyAttribute(lambda o: o.patrol.started_at)
    left_at = factory.LazyAttribute(lambda o: o.arrived_at + _dt.timedelta(minutes=15))


# Penalty notices (patrols app): designations and notices go through the services.


def designate(officer, *codes, by=None):
    """Designate `officer` for the offences with these codes (all of them when none given)."""
    from patrols.models import Designation, OffenceType

    offences = OffenceType.objects.filter(code__in=codes) if codes else OffenceType.objects.all()
    return [
        Designation.objects.get_or_create(officer=officer, offence=o, defaults={"team_id": officer.team_id})[
            0
        ]
        for o in offences
    ]


def make_notice(officer, offence="pnd-upper-tier", *, issued_at=None, now=None, patrol=None, **recipient):
    """A notice issued by `officer` (designated for the offence on the way), via the service."""
    from patrols.models import OffenceType
    from patrols.services import notices as notice_services

    if isinstance(offence, str):
        offence = OffenceType.objects.get(code=offence)
    designate(officer, offence.code)
    issued_at = issued_at or _timezone.now() - _dt.timedelta(minutes=30)
    return notice_services.issue_notice(
        officer=officer,
        offence=offence,
        recipient=notice_services.Recipient(
            name=recipient.pop("name", "John Smith"),
            date_of_birth=recipient.pop("date_of_birth", _dt.date(1990, 5, 17)),
            address=recipient.pop("address", "12 Carter Lane, London EC4V 5EA"),
            identity_check=recipient.pop("identity_check", "photo_id"),
        ),
        place=recipient.pop("place", "Carter Lane, by St Paul's steps"),
        issued_at=issued_at,
        circumstances=recipient.pop("circumstances", "Shouting abuse at passers-by."),
        patrol=patrol,
        now=now or max(issued_at, _timezone.now()),
        **recipient,
    )


def give_neighbourhoods(officer, *neighbourhoods):
    """The officer's own neighbourhoods, as their sergeant sets them (all their team's when none
    are named)."""
    for neighbourhood in neighbourhoods or officer.team.neighbourhoods.all():
        OfficerNeighbourhood.objects.get_or_create(officer=officer, neighbourhood=neighbourhood)


# The community diary (engagement): through the services, so dates and reminders are real.

DIARY_START = _dt.datetime(2026, 3, 1, 10, 0, tzinfo=_dt.UTC)


def make_group(officer, *, now=None, **fields):
    """A group of the officer's team, with them as contact officer (monthly unless told)."""
    from engagement.services import diary as diary_services

    fields.setdefault("name", "Neighbourhood Watch")
    fields.setdefault("kind", "watch")
    fields.setdefault("neighbourhood", officer.team.neighbourhoods.order_by("pk").first())
    fields.setdefault("contact_officer", officer)
    fields.setdefault("contact_every_days", 30)
    return diary_services.create_group(officer=officer, team=officer.team, now=now or DIARY_START, **fields)


def make_entry(officer, groups, *, concerns=(), now=None, **fields):
    """A diary entry by `officer`; concerns as (category, text) or (category, text, action)."""
    from engagement.services import diary as diary_services

    rows = [{"category": c[0], "description": c[1], "action": c[2] if len(c) > 2 else ""} for c in concerns]
    return diary_services.record_entry(officer=officer, groups=list(groups), concerns=rows, now=now, **fields)
