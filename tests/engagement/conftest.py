"""Victim fixtures: a case of the officer's team, and the risk matrix as the data migration made it."""

import pytest

from engagement.models import RiskBand, RiskQuestion
from tests.factories import make_case


@pytest.fixture
def case(officer, sergeant):
    """An ASB case of `team`, assigned to `officer`; the sergeant exists so reminders reach them."""
    return make_case(officer, victim_name="Jane Doe", reference="CAD-1001")


@pytest.fixture
def bands(db):
    return {band.code: band for band in RiskBand.objects.all()}


@pytest.fixture
def questions(db):
    return list(RiskQuestion.objects.filter(active=True))


def answers_scoring(questions, weights):
    """Answer yes to the first question of each weight listed, no to the rest."""
    answers = {question.pk: False for question in questions}
    for weight in weights:
        question = next(q for q in questions if q.weight == weight and not answers[q.pk])
        answers[question.pk] = True
    return answers


@pytest.fixture(autouse=True)
def no_initial_contact(request, db):
    """Most tests here are about one obligation (a referral, a visit, an update); the initial
    contact every new case owes (tests/engagement/test_victim_code.py) is configured off for
    them, as a force may (0 hours: none). Tests marked `initial_contact` keep the default."""
    if request.node.get_closest_marker("initial_contact"):
        return
    from engagement.models import VictimCodeSettings

    settings = VictimCodeSettings.current()
    settings.initial_contact_hours = 0
    settings.save()


# The community diary


@pytest.fixture
def group(officer):
    """A monthly group of `team`, registered 1 March 2026, its contact officer `officer`."""
    from tests.factories import make_group

    return make_group(officer, name="Smithfield Watch")


@pytest.fixture
def other_group(other_team_officer):
    from tests.factories import make_group

    return make_group(other_team_officer, name="Aldgate Traders")
