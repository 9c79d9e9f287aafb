import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from engagement.models import FollowUp, RiskBand, RiskQuestion, Victim, VictimCase
from engagement.services import victims as services
from pcso.models import AuditEntry, Role
from tests.factories import OfficerFactory, make_case

from .conftest import answers_scoring

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessed(officer, case):
    """The case assessed standard: one visit due in 7 days."""
    services.assess_risk(officer=officer, case=case, answers={})
    return case


def reads(action, obj):
    return AuditEntry.objects.filter(action=action, object_id=str(obj.pk)).count()


# Who sees a case page: own team, inspector and a shared team; another team and the
# administrator get a 404.


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("officer", 200),
        ("colleague", 200),
        ("sergeant", 200),
        ("inspector", 200),
        ("other_team_officer", 404),
        ("other_sergeant", 404),
        ("other_inspector", 404),
        ("administrator", 404),
    ],
)
def test_case_page_scope(request, client_for, case, who, status):
    user = request.getfixturevalue(who)
    response = client_for(user).get(case.get_absolute_url())
    assert response.status_code == status
    assert (b"Jane Doe" in response.content) == (status == 200)
    assert reads("engagement.victimcase.read", case) == (1 if status == 200 else 0)
    assert reads("engagement.victim.read", case.victim) == (1 if status == 200 else 0)


def test_case_page_shows_marking_and_victim_details(client_for, officer, case):
    content = client_for(officer).get(case.get_absolute_url()).content.decode()
    assert content.index("data-marking>OFFICIAL-SENSITIVE<") < content.index(
        '<h1 class="h3">Case CAD-1001</h1>'
    )
    assert 'href="tel:07700 900123"' in content


def test_shared_team_sees_case_victim_and_follow_up(
    client_for, officer, sergeant, other_team, other_team_officer, assessed
):
    follow_up = assessed.follow_ups.get()
    client = client_for(other_team_officer)
    assert client.get(assessed.get_absolute_url()).status_code == 404
    services.share_case(officer=sergeant, case=assessed, team=other_team)
    assert client.get(assessed.get_absolute_url()).status_code == 200
    assert client.get(assessed.victim.get_absolute_url()).status_code == 200
    response = client.get(follow_up.get_absolute_url())
    assert response.status_code == 200
    assert b"Record contact" not in response.content  # sharing gives sight, not the right to record
    # Changing pages need the change right: the shared team gets a 404.
    assert client.get(reverse("engagement:case-assess", args=[assessed.pk])).status_code == 404
    assert client.get(reverse("engagement:case-close", args=[assessed.pk])).status_code == 404
    assert reads("engagement.victim.read", assessed.victim) == 3


@pytest.mark.parametrize(
    ("who", "status"),
    [("officer", 200), ("inspector", 200), ("other_team_officer", 404), ("administrator", 404)],
)
def test_victim_page_scope(request, client_for, case, who, status):
    response = client_for(request.getfixturevalue(who)).get(case.victim.get_absolute_url())
    assert response.status_code == status
    assert reads("engagement.victim.read", case.victim) == (1 if status == 200 else 0)
    if status == 200:
        assert b"CAD-1001" in response.content


def test_case_list_scope(client_for, officer, inspector, other_team_officer, administrator, case):
    make_case(other_team_officer, victim_name="Sam Other", reference="CAD-2002")
    own = client_for(officer).get(reverse("engagement:case-list")).content.decode()
    assert ("CAD-1001" in own, "CAD-2002" in own) == (True, False)
    command = client_for(inspector).get(reverse("engagement:case-list")).content.decode()
    assert ("CAD-1001" in command, "CAD-2002" in command) == (True, True)
    admin = client_for(administrator).get(reverse("engagement:case-list")).content.decode()
    assert ("Jane Doe" in admin, "Sam Other" in admin) == (False, False)


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_case_list_query_count_does_not_grow(client_for, officer):
    client = client_for(officer)
    url = reverse("engagement:case-list")
    for n in range(5):
        make_case(officer, reference=f"R{n}", victim_name=f"V{n}")
    five = _queries(client, url)
    for n in range(5, 50):
        make_case(officer, reference=f"R{n}", victim_name=f"V{n}")
    assert _queries(client, url) == five


def test_export_is_marked_scoped_and_audited_with_the_case_ids(client_for, officer, other_team_officer, case):
    make_case(other_team_officer, victim_name="Sam Other", reference="CAD-2002")
    response = client_for(officer).get(reverse("engagement:case-export"))
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert rows[0] == ["OFFICIAL-SENSITIVE"]
    assert rows[1][0] == "Reference"
    assert [row[0] for row in rows[2:]] == ["CAD-1001"]
    assert rows[2][3] == "Jane Doe"
    entry = AuditEntry.objects.get(action="engagement.victimcase.exported")
    assert (entry.actor, entry.changes) == (officer, {"rows": 1, "case_ids": [case.pk]})


def test_administrator_export_is_empty(client_for, administrator, case):
    rows = list(
        csv.reader(
            io.StringIO(client_for(administrator).get(reverse("engagement:case-export")).getvalue().decode())
        )
    )
    assert rows[2:] == []


def test_new_case_with_few_fields(client_for, officer, sergeant):
    response = client_for(officer).post(
        reverse("engagement:case-create"),
        {
            "name": "Ann Lee",
            "preferred_contact_method": "phone",
            "consents_to_referral": "on",
            "reference": "CAD-3003",
            "category": "anti-social-behaviour",
            "occurred_on": "20/11/2026",
        },
    )
    case = VictimCase.objects.get(reference="CAD-3003")
    assert response.headers["Location"] == reverse("engagement:case-assess", args=[case.pk])
    assert (case.victim.name, case.team, case.assigned_officer) == ("Ann Lee", officer.team, officer)
    assert list(case.follow_ups.values_list("kind", flat=True)) == [FollowUp.Kind.REFERRAL]


def test_new_case_error_keeps_what_was_typed(client_for, officer):
    response = client_for(officer).post(
        reverse("engagement:case-create"),
        {"name": "", "needs": "Needs a Polish interpreter", "reference": "CAD-4004", "category": "burglary"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "This field is required." in content
    assert "Needs a Polish interpreter" in content
    assert 'value="CAD-4004"' in content
    assert VictimCase.objects.count() == 0


def test_assessment_form_scores_from_the_questions(client_for, officer, case):
    url = reverse("engagement:case-assess", args=[case.pk])
    client = client_for(officer)
    page = client.get(url).content.decode()
    for question in RiskQuestion.objects.filter(active=True):
        assert escape(question.text) in page
    questions = list(RiskQuestion.objects.filter(active=True))
    answers = answers_scoring(questions, [4, 4, 3, 2, 2])
    data = {f"q_{pk}": "on" for pk, yes in answers.items() if yes}
    response = client.post(url, {**data, "action_plan": ""})
    assert response.status_code == 200
    assert "A High risk victim needs a Vulnerable Victim Action Plan" in response.content.decode()
    assert case.assessments.count() == 0
    response = client.post(url, {**data, "action_plan": "Daily drive-bys; CCTV."})
    assert response.headers["Location"] == case.get_absolute_url()
    case.refresh_from_db()
    assert (case.band.code, case.action_plan) == ("high", "Daily drive-bys; CCTV.")


def test_assessment_raise_without_rationale_is_shown_on_the_form(client_for, officer, case, bands):
    response = client_for(officer).post(
        reverse("engagement:case-assess", args=[case.pk]),
        {"final_band": bands["medium"].pk, "action_plan": "Fortnightly calls."},
    )
    content = response.content.decode()
    assert "Write why you raise the band from Standard to Medium." in content
    assert "Fortnightly calls." in content


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("officer", 200),
        ("sergeant", 200),
        ("inspector", 200),
        ("other_team_officer", 404),
        ("administrator", 404),
    ],
)
def test_follow_up_page_scope(request, client_for, assessed, who, status):
    follow_up = assessed.follow_ups.get()
    response = client_for(request.getfixturevalue(who)).get(follow_up.get_absolute_url())
    assert response.status_code == status
    assert reads("engagement.victim.read", assessed.victim) == (1 if status == 200 else 0)
    assert reads("engagement.victimcase.read", assessed) == (1 if status == 200 else 0)


def test_record_contact_on_the_follow_up_page(client_for, officer, case, questions):
    services.assess_risk(
        officer=officer, case=case, answers=answers_scoring(questions, [4, 4]), action_plan="P"
    )
    visit = case.follow_ups.get(kind=FollowUp.Kind.VISIT)
    response = client_for(officer).post(
        visit.get_absolute_url(),
        {"contact_method": "visit", "spoke_to": "Jane Doe", "outcome": "contacted", "notes": "All quiet."},
    )
    assert response.headers["Location"] == case.get_absolute_url()
    visit.refresh_from_db()
    assert (visit.completed_by, visit.notes) == (officer, "All quiet.")
    following = case.follow_ups.filter(kind=FollowUp.Kind.VISIT, completed_at=None).get()
    assert following.due_at == visit.completed_at + timedelta(days=14)


def test_record_contact_without_method_keeps_the_notes(client_for, officer, assessed):
    visit = assessed.follow_ups.get()
    response = client_for(officer).post(
        visit.get_absolute_url(), {"outcome": "contacted", "notes": "Long note"}
    )
    assert response.status_code == 200
    assert "Long note" in response.content.decode()
    visit.refresh_from_db()
    assert visit.completed_at is None


def test_other_team_cannot_record_contact(client_for, other_team_officer, assessed):
    visit = assessed.follow_ups.get()
    response = client_for(other_team_officer).post(
        visit.get_absolute_url(), {"contact_method": "phone", "outcome": "contacted"}
    )
    assert response.status_code == 404
    visit.refresh_from_db()
    assert visit.completed_at is None


def test_key_event_records_an_update_due(client_for, officer, other_team_officer, case):
    url = reverse("engagement:case-key-event", args=[case.pk])
    assert client_for(other_team_officer).post(url, {"event": "charged"}).status_code == 404
    assert case.follow_ups.count() == 0
    response = client_for(officer).post(url, {"event": "charged"})
    assert response.headers["Location"] == case.get_absolute_url()
    assert list(case.follow_ups.values_list("kind", "event")) == [(FollowUp.Kind.UPDATE, "charged")]


def test_key_event_is_post_only(client_for, officer, case):
    response = client_for(officer).get(
        reverse("engagement:case-key-event", args=[case.pk]), {"event": "charged"}
    )
    assert (response.status_code, response["Allow"]) == (405, "POST")
    assert case.follow_ups.count() == 0


def test_close_case_needs_a_reason(client_for, officer, other_team_officer, assessed):
    url = reverse("engagement:case-close", args=[assessed.pk])
    assert client_for(other_team_officer).post(url, {"reason": "x"}).status_code == 404
    client = client_for(officer)
    response = client.post(url, {"reason": ""})
    assert "This field is required." in response.content.decode()
    response = client.post(url, {"reason": "Victim moved out of the area."})
    assert response.headers["Location"] == assessed.get_absolute_url()
    assessed.refresh_from_db()
    assert (assessed.status, assessed.closed_reason) == ("closed", "Victim moved out of the area.")


def test_sergeant_shares_a_case(client_for, sergeant, other_team, case):
    response = client_for(sergeant).post(
        reverse("engagement:case-share", args=[case.pk]), {"team": other_team.pk}
    )
    assert response.headers["Location"] == case.get_absolute_url()
    assert AuditEntry.objects.filter(action="engagement.victim_case.shared", actor=sergeant).count() == 1


# Home pages


def test_my_day_lists_overdue_and_due_follow_ups_first(client_for, officer, colleague):
    now = timezone.now()
    # The referral is due 2 working days on: 10 days ago is overdue whatever today's weekday.
    overdue = make_case(officer, reference="OVER", consents_to_referral=True, now=now - timedelta(days=10))
    later = make_case(officer, reference="LATER", consents_to_referral=True, now=now + timedelta(days=1))
    make_case(colleague, reference="THEIRS", consents_to_referral=True, now=now - timedelta(days=10))
    content = client_for(officer).get(reverse("home")).content.decode()
    assert content.index("Victim follow-ups due") < content.index("OVER") < content.index("Coming up")
    assert content.index("Coming up") < content.index("LATER")
    assert "THEIRS" not in content
    assert f'data-follow-up="{overdue.follow_ups.get().pk}" data-state="overdue"' in content
    assert f'data-follow-up="{later.follow_ups.get().pk}" data-state="planned"' in content


def test_my_day_query_count_does_not_grow(client_for, officer):
    client = client_for(officer)
    now = timezone.now()
    for n in range(5):
        make_case(officer, reference=f"R{n}", consents_to_referral=True, now=now - timedelta(days=3))
    five = _queries(client, reverse("home"))
    for n in range(5, 50):
        make_case(officer, reference=f"R{n}", consents_to_referral=True, now=now - timedelta(days=3))
    assert _queries(client, reverse("home")) == five


def test_sergeant_home_shows_on_time_share_and_high_risk(client_for, officer, colleague, sergeant, questions):
    now = timezone.now()
    # Referrals due 2 working days after 10 days ago: 6 to 8 days ago, whatever today's weekday.
    opened = now - timedelta(days=10)
    on_time = make_case(officer, reference="A", consents_to_referral=True, now=opened)
    late = make_case(officer, reference="B", consents_to_referral=True, now=opened)
    make_case(officer, reference="C", consents_to_referral=True, now=opened)  # still overdue
    services.record_contact(
        officer=officer,
        follow_up=on_time.follow_ups.get(),
        at=now - timedelta(days=9),
        contact_method="phone",
        outcome="referred",
    )
    services.record_contact(
        officer=officer, follow_up=late.follow_ups.get(), at=now, contact_method="phone", outcome="referred"
    )
    high = make_case(colleague, reference="HIGH-1", victim_name="Rita High")
    services.assess_risk(
        officer=colleague, case=high, answers=answers_scoring(questions, [4, 4, 3, 2, 2]), action_plan="P"
    )
    content = client_for(sergeant).get(reverse("home")).content.decode()
    assert (
        f'<tr data-officer="{officer.collar_number}"><td>Aisha Khan</td><td data-share>33% (1 of 3)</td><td>1</td></tr>'
        in content
    )
    assert (
        f'<tr data-officer="{colleague.collar_number}"><td>Tom Reilly</td><td data-share>–</td><td>0</td></tr>'
        in content
    )
    assert f'data-case="{high.pk}">HIGH-1 · Rita High · Tom Reilly</a>' in content


def test_sergeant_home_query_count_does_not_grow(client_for, officer, sergeant, questions):
    client = client_for(sergeant)
    now = timezone.now()

    def add(n):
        case = make_case(officer, reference=f"R{n}", consents_to_referral=True, now=now - timedelta(days=3))
        services.assess_risk(
            officer=officer, case=case, answers=answers_scoring(questions, [4, 4, 3, 2, 2]), action_plan="P"
        )

    for n in range(5):
        add(n)
    five = _queries(client, reverse("home"))
    for n in range(5, 50):
        add(n)
    assert _queries(client, reverse("home")) == five


def test_inspector_home_shows_high_risk_and_reviews(
    client_for, officer, inspector, other_inspector, case, questions
):
    services.assess_risk(
        officer=officer, case=case, answers=answers_scoring(questions, [4, 4, 3, 2, 2]), action_plan="P"
    )
    content = client_for(inspector).get(reverse("home")).content.decode()
    assert f'data-case="{case.pk}">CAD-1001 · West · Aisha Khan</a>' in content
    review = case.follow_ups.get(kind=FollowUp.Kind.INSPECTOR_REVIEW)
    assert f'data-follow-up="{review.pk}"' in content
    assert "CAD-1001" not in client_for(other_inspector).get(reverse("home")).content.decode()


def test_administrator_home_has_no_victim_details(client_for, administrator, officer, case, questions):
    services.assess_risk(
        officer=officer, case=case, answers=answers_scoring(questions, [4, 4, 3, 2, 2]), action_plan="P"
    )
    content = client_for(administrator).get(reverse("home")).content.decode()
    assert ("Jane Doe" in content, "CAD-1001" in content) == (False, False)


def test_inspector_home_query_count_does_not_grow(client_for, officer, inspector, questions):
    client = client_for(inspector)

    def add(n):
        case = make_case(officer, reference=f"R{n}")
        services.assess_risk(
            officer=officer, case=case, answers=answers_scoring(questions, [4, 4, 3, 2, 2]), action_plan="P"
        )

    for n in range(5):
        add(n)
    five = _queries(client, reverse("home"))
    for n in range(5, 50):
        add(n)
    assert _queries(client, reverse("home")) == five


def test_case_page_query_count_does_not_grow_with_follow_ups(client_for, officer, case):
    client = client_for(officer)
    for _ in range(5):
        services.record_key_event(officer=officer, case=case, event="arrested")
    five = _queries(client, case.get_absolute_url())
    for _ in range(45):
        services.record_key_event(officer=officer, case=case, event="arrested")
    assert _queries(client, case.get_absolute_url()) == five


def test_sergeant_records_a_review_and_the_next_is_set(client_for, officer, sergeant, case, questions):
    services.assess_risk(
        officer=officer, case=case, answers=answers_scoring(questions, [4, 4, 3, 2, 2]), action_plan="P"
    )
    review = case.follow_ups.get(kind=FollowUp.Kind.SERGEANT_REVIEW)
    client = client_for(sergeant)
    assert "Record review" in client.get(review.get_absolute_url()).content.decode()
    response = client.post(review.get_absolute_url(), {"outcome": "reviewed", "notes": "Plan is working."})
    assert response.headers["Location"] == case.get_absolute_url()
    review.refresh_from_db()
    following = case.follow_ups.get(kind=FollowUp.Kind.SERGEANT_REVIEW, completed_at=None)
    assert (following.assigned_to, following.due_at) == (sergeant, review.completed_at + timedelta(days=14))


def test_new_case_button_only_for_team_members(client_for, officer, inspector):
    assert "New victim case" in client_for(officer).get(reverse("engagement:case-list")).content.decode()
    assert (
        "New victim case" not in client_for(inspector).get(reverse("engagement:case-list")).content.decode()
    )
    assert client_for(inspector).get(reverse("engagement:case-create")).status_code == 404


def _assess_high(case, officer):
    high = RiskBand.objects.get(code="high")
    services.assess_risk(
        officer=officer, case=case, answers={}, final_band=high, rationale="threats", action_plan="P"
    )
    return case


def test_pcso_is_not_offered_and_cannot_post_a_sergeant_review(client_for, officer, sergeant, case):
    _assess_high(case, officer)
    review = case.follow_ups.get(kind=FollowUp.Kind.SERGEANT_REVIEW, cancelled_at__isnull=True)
    client = client_for(officer)
    page = client.get(review.get_absolute_url()).content.decode()
    assert ("Record review" in page, f"{sergeant.full_name} records this review." in page) == (False, True)
    client.post(review.get_absolute_url(), {"outcome": "reviewed", "notes": "ok"})
    review.refresh_from_db()
    assert review.completed_at is None


def test_sergeant_records_the_sergeant_review(client_for, officer, sergeant, case):
    _assess_high(case, officer)
    review = case.follow_ups.get(kind=FollowUp.Kind.SERGEANT_REVIEW, cancelled_at__isnull=True)
    client = client_for(sergeant)
    assert "Record review" in client.get(review.get_absolute_url()).content.decode()
    client.post(review.get_absolute_url(), {"outcome": "reviewed", "notes": "ok"})
    review.refresh_from_db()
    assert review.completed_by == sergeant


# A case for a victim the team already knows: the repeat-victim rule is reachable from the app.


def test_new_case_for_a_known_victim_counts_towards_repeat_victim(client_for, officer):
    client = client_for(officer)
    client.post(
        reverse("engagement:case-create"),
        {
            "name": "Jane Doe",
            "phone": "07700 900123",
            "preferred_contact_method": "phone",
            "reference": "R0",
            "category": "anti-social-behaviour",
            "occurred_on": "2026-11-01",
        },
    )
    victim = Victim.objects.get()
    victim_page = client.get(victim.get_absolute_url()).content.decode()
    url = f"{reverse('engagement:case-create')}?victim={victim.pk}"
    assert f'href="{escape(url)}"' in victim_page
    form_page = client.get(url).content.decode()
    assert ("Jane Doe" in form_page, 'name="name"' in form_page) == (True, False)
    for n, day in ((1, "2026-11-10"), (2, "2026-11-20")):
        client.post(url, {"reference": f"R{n}", "category": "anti-social-behaviour", "occurred_on": day})
    victim.refresh_from_db()
    assert (Victim.objects.count(), VictimCase.objects.filter(victim=victim).count()) == (1, 3)
    assert victim.repeat_victim is True
    assert list(VictimCase.objects.order_by("reference").values_list("repeat_victim", flat=True)) == [
        False,
        False,
        True,
    ]


def test_new_case_for_another_teams_victim_is_404(client_for, officer, other_team_officer):
    stranger = make_case(other_team_officer, victim_name="Someone Else").victim
    client = client_for(officer)
    url = f"{reverse('engagement:case-create')}?victim={stranger.pk}"
    assert (client.get(url).status_code, client.get(f"{url}x").status_code) == (404, 404)
    client.post(url, {"reference": "R1", "category": "anti-social-behaviour", "occurred_on": "2026-11-20"})
    assert VictimCase.objects.filter(victim=stranger).count() == 1


def test_no_answer_on_the_phone_form_keeps_the_follow_up_open(client_for, officer, assessed):
    visit = assessed.follow_ups.get()
    client = client_for(officer)
    response = client.post(
        visit.get_absolute_url(),
        {"contact_method": "phone", "outcome": "no-answer", "notes": "Rang twice"},
        follow=True,
    )
    assert "No answer recorded: this follow-up is still owed, try again." in response.content.decode()
    visit.refresh_from_db()
    assert (visit.is_open, visit.attempts.count()) == (True, 1)
    page = client.get(visit.get_absolute_url()).content.decode()
    assert ("Rang twice" in page, "Record contact" in page) == (True, True)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "occurred_on",
            "0001-02-01",
            "The date of the incident cannot be before 01/01/1900: check the year.",
        ),
        ("occurred_on", "2999-01-01", "The date of the incident cannot be in the future."),
        ("date_of_birth", "1812-05-05", "The date of birth cannot be before 01/01/1900: check the year."),
    ],
)
def test_impossible_dates_are_form_errors(client_for, officer, field, value, message):
    data = {
        "name": "Jane Doe",
        "preferred_contact_method": "phone",
        "reference": "R1",
        "category": "anti-social-behaviour",
        "occurred_on": "2026-11-01",
        field: value,
    }
    response = client_for(officer).post(reverse("engagement:case-create"), data)
    content = response.content.decode()
    assert (response.status_code, escape(message) in content, 'value="R1"' in content) == (200, True, True)
    assert VictimCase.objects.count() == 0


def test_assign_page_offers_only_the_cases_team(
    client_for, officer, colleague, sergeant, case, other_team_officer
):
    client = client_for(sergeant)
    url = reverse("engagement:case-assign", args=[case.pk])
    page = client.get(url).content.decode()
    assert (colleague.full_name in page, other_team_officer.full_name in page) == (True, False)
    assert f'href="{url}"' in client.get(case.get_absolute_url()).content.decode()
    client.post(url, {"assigned_officer": other_team_officer.pk})
    case.refresh_from_db()
    assert case.assigned_officer == officer
    client.post(url, {"assigned_officer": colleague.pk})
    case.refresh_from_db()
    assert case.assigned_officer == colleague


def test_export_cells_cannot_run_as_spreadsheet_formulas(client_for, officer):
    make_case(officer, victim_name='=HYPERLINK("http://x")', reference="+CAD-1")
    rows = list(
        csv.reader(
            io.StringIO(client_for(officer).get(reverse("engagement:case-export")).getvalue().decode())
        )
    )
    assert (rows[2][0], rows[2][3]) == ("'+CAD-1", '\'=HYPERLINK("http://x")')


def test_pcso_is_not_offered_closing_a_high_risk_case(client_for, officer, sergeant, case):
    _assess_high(case, officer)
    close_url = reverse("engagement:case-close", args=[case.pk])
    client = client_for(officer)  # one test client: each client_for() logs it in as someone else
    assert (
        close_url in client.get(case.get_absolute_url()).content.decode(),
        client.get(close_url).status_code,
    ) == (
        False,
        404,
    )
    client.post(close_url, {"reason": "Done"})
    case.refresh_from_db()
    assert case.status == "open"
    client = client_for(sergeant)
    assert close_url in client.get(case.get_absolute_url()).content.decode()
    client.post(close_url, {"reason": "Done"})
    case.refresh_from_db()
    assert case.status == "closed"


def test_sergeant_stops_sharing_from_the_case_page(
    client_for, officer, sergeant, case, other_team, other_team_officer
):
    services.share_case(officer=sergeant, case=case, team=other_team)
    unshare_url = reverse("engagement:case-unshare", args=[case.pk])
    client = client_for(officer)
    assert unshare_url not in client.get(case.get_absolute_url()).content.decode()
    assert client.post(unshare_url, {"team": other_team.pk}).status_code == 404
    assert client_for(other_team_officer).get(case.get_absolute_url()).status_code == 200
    client = client_for(sergeant)
    page = client.get(case.get_absolute_url()).content.decode()
    assert (unshare_url in page, "Stop sharing" in page) == (True, True)
    client.post(unshare_url, {"team": other_team.pk})
    assert client_for(other_team_officer).get(case.get_absolute_url()).status_code == 404


def test_inspector_of_a_team_a_case_is_shared_with_sees_it(
    client_for, officer, sergeant, case, outside_team, other_inspector
):
    services.share_case(officer=sergeant, case=case, team=outside_team)
    response = client_for(other_inspector).get(case.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert ('<h1 class="h3">Case CAD-1001</h1>' in page, "Jane Doe" in page) == (True, True)
    assert reads("engagement.victimcase.read", case) == 1


@pytest.mark.parametrize("who", ["officer", "sergeant", "inspector"])
def test_home_list_and_export_query_counts_do_not_grow_with_high_risk_cases(
    request, client_for, officer, sergeant, who
):
    client = client_for(request.getfixturevalue(who))
    client.get("/")  # warm caches (content types, session)
    counts = []
    for n in (1, 6):
        while VictimCase.objects.count() < n:
            high_case = make_case(
                officer,
                reference=f"R{VictimCase.objects.count()}",
                category="burglary",
                consents_to_referral=True,
            )
            _assess_high(high_case, officer)
        row = []
        for url in ("/", reverse("engagement:case-list"), reverse("engagement:case-export")):
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            row.append(len(queries))
        counts.append(row)
    assert counts[0] == counts[1]


def test_case_page_says_when_the_team_has_no_sergeant_to_review(client_for, officer, team):
    from pcso import services as pcso_services

    case = make_case(officer)
    pcso_services.set_team_inspector(team=team, inspector=None)
    _assess_high(case, officer)
    assert list(case.follow_ups.filter(cancelled_at=None).values_list("kind", flat=True)) == [
        FollowUp.Kind.VISIT
    ]
    page = client_for(officer).get(case.get_absolute_url()).content.decode()
    assert page.count("data-missing-reviewer") == 2
    assert "West has no sergeant: the sergeant review every 14 days is not planned." in page
    assert "West has no inspector: the inspector review every 28 days is not planned." in page
    assert "Plan the missing reviews" not in page


def test_sergeant_who_joins_plans_the_missing_review(client_for, officer, inspector, team):
    case = make_case(officer)
    _assess_high(case, officer)
    sergeant = OfficerFactory(role=Role.SERGEANT, team=team, first_name="New", last_name="Sergeant")
    client = client_for(sergeant)
    page = client.get(case.get_absolute_url()).content.decode()
    assert (
        "No sergeant review is planned (one is due every 14 days)." in page,
        "Plan the missing reviews" in page,
    ) == (
        True,
        True,
    )
    client.post(reverse("engagement:case-plan-reviews", args=[case.pk]))
    review = case.follow_ups.get(kind=FollowUp.Kind.SERGEANT_REVIEW, cancelled_at=None)
    assert review.assigned_to == sergeant
    assert "data-missing-reviewer" not in client.get(case.get_absolute_url()).content.decode()
    assert (
        client_for(officer).post(reverse("engagement:case-plan-reviews", args=[case.pk])).status_code == 404
    )


def test_case_page_has_no_reviewer_warning_when_reviews_are_planned(client_for, officer, sergeant, case):
    _assess_high(case, officer)
    assert "data-missing-reviewer" not in client_for(officer).get(case.get_absolute_url()).content.decode()


def test_contact_form_offers_outcomes_for_the_kind_of_follow_up(client_for, officer, sergeant, case):
    _assess_high(case, officer)
    visit = case.follow_ups.get(kind=FollowUp.Kind.VISIT, cancelled_at=None)
    review = case.follow_ups.get(kind=FollowUp.Kind.SERGEANT_REVIEW, cancelled_at=None)
    client = client_for(sergeant)
    visit_page = client.get(visit.get_absolute_url()).content.decode()
    review_page = client.get(review.get_absolute_url()).content.decode()
    assert ('value="reviewed"' in visit_page, 'value="no-answer"' in visit_page) == (False, True)
    assert ('value="reviewed"' in review_page, 'value="no-answer"' in review_page) == (True, False)


def test_case_list_records_which_cases_it_showed(client_for, officer, case, other_team_officer):
    make_case(other_team_officer, reference="EAST-1")
    client_for(officer).get(reverse("engagement:case-list"))
    entry = AuditEntry.objects.get(action="engagement.victimcase.listed")
    assert (entry.actor, entry.changes) == (officer, {"ids": [case.pk]})


def test_home_page_records_the_cases_behind_its_follow_ups(client_for, officer, case):
    referral = make_case(officer, reference="CAD-2002", consents_to_referral=True)
    page = client_for(officer).get(reverse("home")).content.decode()
    assert "CAD-2002" in page
    entry = AuditEntry.objects.get(action="engagement.victimcase.listed")
    assert (entry.actor, entry.changes) == (officer, {"ids": [referral.pk]})


def test_home_page_with_no_victims_records_no_list_read(client_for, other_team_officer, case):
    client_for(other_team_officer).get(reverse("home"))
    assert AuditEntry.objects.filter(action="engagement.victimcase.listed").count() == 0
