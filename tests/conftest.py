"""Two teams under one inspector, a third team under another, and an administrator."""

import pytest

from pcso import services
from pcso.models import Role

from .factories import NeighbourhoodFactory, OfficerFactory, TeamFactory


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
