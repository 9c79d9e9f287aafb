"""Offence wording is typed by administrators, in English and in Welsh: a Welsh reader sees the
Welsh (the issue form, the notice, the register's export); an offence in force cannot be saved
without it; the seeded catalogue has it."""

from datetime import UTC, datetime

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from patrols import offences
from patrols.models import OffenceType
from tests.factories import designate, make_notice

pytestmark = pytest.mark.django_db

WELSH = {
    "pnd-lower-tier": "Anhrefn, haen is (e.e. gollwng sbwriel, meddw ar briffordd)",
    "pnd-upper-tier": "Ymddygiad sy'n debygol o achosi aflonyddu, braw neu ofid",
    "cycling-on-footway": "Beicio ar droetffordd",
    "litter": "Gadael sbwriel",
    "graffiti-fly-posting": "Graffiti neu bosteri anghyfreithlon",
    "dog-control-pspo": "Torri gorchymyn diogelu mannau cyhoeddus (rheoli cŵn)",
    "smoking-smoke-free-place": "Ysmygu mewn man di-fwg",
}


def test_seeded_offences_have_their_welsh_wording():
    assert dict(OffenceType.objects.values_list("code", "wording_cy")) == WELSH


def test_the_data_migration_fills_only_the_seeded_rows_left_as_seeded():
    OffenceType._base_manager.update(wording_cy="")
    OffenceType._base_manager.filter(code="litter").update(wording="Dropping litter")  # retyped by an admin
    OffenceType._base_manager.filter(code="smoking-smoke-free-place").update(wording_cy="Ysmygu (gan y llu)")
    offences.add_welsh(apps)
    assert dict(OffenceType.objects.values_list("code", "wording_cy")) == {
        **WELSH,
        "litter": "",
        "smoking-smoke-free-place": "Ysmygu (gan y llu)",
    }


def _welsh(client):
    client.cookies["django_language"] = "cy"
    return client


def _issue(officer):
    return make_notice(
        officer,
        "cycling-on-footway",
        issued_at=datetime(2026, 3, 2, 14, 0, tzinfo=UTC),
        now=datetime(2026, 3, 2, 14, 5, tzinfo=UTC),
        address="1 Fleet St",
        place="Fleet Street",
        circumstances="Riding on the pavement.",
    )


def test_a_welsh_reader_sees_the_offence_in_welsh(client_for, officer, sergeant):
    designate(officer, "cycling-on-footway")
    client = _welsh(client_for(officer))
    form = client.get(reverse("patrols:notice-issue")).content.decode()
    assert "Beicio ar droetffordd · " in form
    assert "Cycling on a footway" not in form
    notice = _issue(officer)
    printed = client.get(notice.get_absolute_url()).content.decode()
    assert "Beicio ar droetffordd<br>" in printed
    assert "Cycling on a footway" not in printed
    response = _welsh(client_for(sergeant)).get(reverse("patrols:notice-export"))
    exported = b"".join(response.streaming_content).decode()
    assert exported.splitlines()[2].split(",")[2] == "Beicio ar droetffordd"  # past marking and header


def test_an_english_reader_sees_the_english_and_a_row_without_welsh_falls_back_to_it():
    offence = OffenceType.objects.get(code="litter")
    with translation.override("en-gb"):
        assert offence.display_wording == "Leaving litter"
    with translation.override("cy"):
        assert offence.display_wording == "Gadael sbwriel"
        offence.wording_cy = ""
        assert offence.display_wording == "Leaving litter"


OFFENCE_ROW = {
    "code": "diversionary-caution",
    "kind": "PND",
    "wording": "Diversionary caution (conditions)",
    "legislation": "Police, Crime, Sentencing and Courts Act 2022, s.98",
    "minimum_age": "18",
    "amount": "50.00",
    "early_amount": "",
    "early_days": "",
    "days_to_pay": "28",
    "if_unpaid": "court",
    "fine_multiplier": "",
    "how_to_pay": "Pay the court.",
    "active_from": "2026-01-01",
    "active_to": "",
}


def test_admin_refuses_an_offence_in_force_without_its_welsh(client_for, administrator):
    client = client_for(administrator)
    url = reverse("admin:patrols_offencetype_add")
    refused = client.post(url, {**OFFENCE_ROW, "wording_cy": "  "})
    assert refused.status_code == 200
    assert "Give the Welsh too: a row in use is shown to Welsh readers." in refused.content.decode()
    assert OffenceType.objects.filter(code="diversionary-caution").exists() is False
    # An offence no longer in force is never offered: it may stay without.
    ended = client.post(url, {**OFFENCE_ROW, "code": "ended", "active_to": "2026-01-31", "wording_cy": ""})
    assert ended.status_code == 302
    saved = client.post(url, {**OFFENCE_ROW, "wording_cy": "Rhybudd dargyfeiriol (amodau)"})
    assert saved.status_code == 302
    assert OffenceType.objects.get(code="diversionary-caution").wording_cy == "Rhybudd dargyfeiriol (amodau)"
