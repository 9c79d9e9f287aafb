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
