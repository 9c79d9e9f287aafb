"""Every model that holds a member of the public's details (a name, address, date of birth, phone
number or e-mail) is declared sensitive, so that its reads are audited, the pages that show it
keep no copy and its exports are marked (issue 20, item 4). A field that looks like a person's
details on a model in neither list fails the first test: a new one is classified, never missed."""

import re

import pytest
from django.apps import apps
from django.urls import reverse

from pcso.models import AuditEntry
from tests.factories import make_group

APPS = ("pcso", "engagement", "patrols", "intelligence")
# What a field about a person is called (its name or its label).
PERSONAL = re.compile(
    r"name|address|birth|phone|e-?mail|postcode|contact_details|contact person|how to reply|recipient|"
    r"\bwho\b|subjects",
    re.IGNORECASE,
)

# The models that hold a member of the public's details, and which.
PEOPLE = {
    "engagement.Victim": "the victim's name, date of birth, phone, e-mail and address",
    "engagement.FollowUp": "who was spoken to",
    "engagement.CommunityGroup": "the contact person's name and details (a key individual)",
    "engagement.NeighbourhoodQuery": "who asked, and how to reply to them",
    "patrols.FixedPenaltyNotice": "the recipient's name, date of birth and address",
    "intelligence.IntelligenceReport": "its subjects' names, for search",
    "intelligence.Subject": "a person, address or vehicle the report is about",
}
# Models with a field of such a name that holds no member of the public's details.
NOT_PEOPLE = {
    "pcso.Officer": "officers and staff of the force, not the public",
    "pcso.Reminder": "its recipient is an officer",
    "pcso.Notification": "its recipient is an officer",
    "pcso.AuditEntry": "the acting officer's address",
    "pcso.Team": "a team's name",
    "pcso.Neighbourhood": "an area's name",
    "patrols.Hotspot": "a place's name",
    "patrols.NoticeCounter": "a counter's name",
    "patrols.OffenceType": "the catalogue's terms (the recipient's minimum age)",
    "engagement.RiskBand": "a band's name",
    "intelligence.ReportType": "a kind of report",
    "intelligence.CrimeImport": "an uploaded file's name",
    "intelligence.CrimeRecord": "a published area's name (police.uk data is anonymised)",
}


def _looks_personal(model) -> bool:
    return any(
        PERSONAL.search(field.name) or PERSONAL.search(str(field.verbose_name))
        for field in model._meta.concrete_fields
    )


def test_every_model_with_a_persons_details_is_classified():
    found = {
        model._meta.label
        for app in APPS
        for model in apps.get_app_config(app).get_models()
        if _looks_personal(model)
    }
    assert found == set(PEOPLE) | set(NOT_PEOPLE)


def test_every_model_with_a_members_of_the_publics_details_is_sensitive():
    assert {label: apps.get_model(label).sensitive for label in PEOPLE} == dict.fromkeys(PEOPLE, True)


# The pages of the two declared here besides notices (patrols/test_notice_sensitive.py).

NO_STORE = "max-age=0, no-cache, no-store, must-revalidate, private"


@pytest.mark.django_db
def test_pages_naming_a_contact_person_or_a_query_are_audited_and_keep_no_copy(client_for, officer):
    from engagement.services import diary as diary_services

    group = make_group(officer, name="Mrs Keyperson (KIN)", kind="kin", contact_details="07700 900123")
    area = group.neighbourhood
    query = diary_services.record_query(
        officer=officer, neighbourhood=area, from_name="Ann Asker", question="Bikes?", contact_details="ann@x"
    )
    pages = {
        reverse("engagement:group-list"): ("listed", None),
        reverse("engagement:group-detail", args=[group.pk]): ("read", group),
        reverse("engagement:group-edit", args=[group.pk]): ("read", group),
        reverse("engagement:query-list"): ("listed", None),
        reverse("engagement:query-detail", args=[query.pk]): ("read", query),
    }
    client = client_for(officer)
    answers, entries = {}, {}
    for url in pages:
        before = AuditEntry.objects.count()
        response = client.get(url)
        answers[url] = (response.status_code, response.get("Cache-Control"))
        entries[url] = [
            (e.action.rsplit(".", 1)[1], e.object_repr, e.changes)
            for e in AuditEntry.objects.order_by("pk")[before:]
        ]
    assert answers == dict.fromkeys(pages, (200, NO_STORE))
    assert entries == {
        reverse("engagement:group-list"): [("listed", "", {"ids": [group.pk]})],
        reverse("engagement:group-detail", args=[group.pk]): [("read", f"Community group #{group.pk}", {})],
        reverse("engagement:group-edit", args=[group.pk]): [("read", f"Community group #{group.pk}", {})],
        reverse("engagement:query-list"): [("listed", "", {"ids": [query.pk]})],
        reverse("engagement:query-detail", args=[query.pk]): [
            ("read", f"Neighbourhood query #{query.pk}", {})
        ],
    }


@pytest.mark.django_db
def test_the_handover_pack_and_the_home_page_record_the_contacts_they_name(client_for, officer):
    from engagement.services import diary as diary_services

    group = make_group(officer, name="Mrs Keyperson (KIN)", kind="kin")
    query = diary_services.record_query(
        officer=officer, neighbourhood=group.neighbourhood, from_name="Ann Asker", question="Bikes?"
    )
    client = client_for(officer)
    before = AuditEntry.objects.count()
    handover = client.get(reverse("engagement:handover", args=[group.neighbourhood.pk]))
    listed = [(e.action, e.changes) for e in AuditEntry.objects.order_by("pk")[before:]]
    assert (handover.status_code, handover["Cache-Control"], listed) == (
        200,
        NO_STORE,
        [
            ("engagement.communitygroup.listed", {"ids": [group.pk]}),
            ("engagement.neighbourhoodquery.listed", {"ids": [query.pk]}),
        ],
    )
    before = AuditEntry.objects.count()
    home = client.get(reverse("home"))
    listed = {e.action: e.changes for e in AuditEntry.objects.order_by("pk")[before:]}
    assert (home.status_code, "Ann Asker" in home.content.decode()) == (200, True)
    assert listed["engagement.neighbourhoodquery.listed"] == {"ids": [query.pk]}


@pytest.mark.django_db
def test_the_trail_names_a_contact_person_by_kind_and_number_only(officer):
    group = make_group(officer, name="Mrs Keyperson (KIN)", kind="kin", contact_details="07700 900123")
    entry = AuditEntry.objects.get(object_id=str(group.pk), content_type__model="communitygroup")
    assert entry.object_repr == f"Community group #{group.pk}"
    assert "Keyperson" not in str(entry.changes) and "07700" not in str(entry.changes)


def test_the_admin_site_shows_no_sensitive_model():
    """Administrators see no member of the public's details: no such model has an admin page."""
    from django.contrib import admin

    assert [model._meta.label for model in admin.site._registry if getattr(model, "sensitive", False)] == []
