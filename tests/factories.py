"""One factory per model; people and teams go through the services so their grants are real."""

import factory

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


# Patrols (patrols app)

import datetime as _dt  # noqa: E402

from django.utils import timezone as _timezone  # noqa: E402

from patrols.models import Hotspot, HotspotVisit, Patrol, PatrolActivity, PatrolPoint  # noqa: E402


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
