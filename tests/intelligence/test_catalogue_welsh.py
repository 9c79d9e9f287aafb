"""Report types are typed by administrators, in English and in Welsh: a Welsh reader sees the
Welsh (the report form's choices, the report); an active type cannot be saved without it; the
seeded types have it."""

import pytest
from django.apps import apps
from django.urls import reverse

from intelligence import defaults
from intelligence.models import ReportType

from .conftest import make_report, report_type

pytestmark = pytest.mark.django_db

WELSH = {
    "Anti-social behaviour": "Ymddygiad gwrthgymdeithasol",
    "Crime and disorder": "Trosedd ac anhrefn",
    "Drugs": "Cyffuriau",
    "Serious and organised crime": "Troseddau difrifol a chyfundrefnol",
    "Safeguarding and exploitation": "Diogelu a chamfanteisio",
    "Counter-terrorism and domestic extremism": "Gwrthderfysgaeth ac eithafiaeth ddomestig",
}


def test_seeded_report_types_have_their_welsh_name():
    defaults.install()  # where a flush emptied the table
    assert dict(ReportType.objects.values_list("name", "name_cy")) == WELSH


def test_the_data_migration_fills_only_the_seeded_rows_left_as_seeded():
    defaults.install()
    ReportType._base_manager.update(name_cy="")
    ReportType._base_manager.filter(name="Drugs").update(name_cy="Cyffuriau (gan y llu)")
    ReportType.objects.create(name="Wildlife crime")
    defaults.add_welsh(apps)
    assert dict(ReportType.objects.values_list("name", "name_cy")) == {
        **WELSH,
        "Drugs": "Cyffuriau (gan y llu)",
        "Wildlife crime": "",
    }


def test_a_welsh_reader_sees_report_types_in_welsh(client_for, officer, sergeant):
    defaults.install()
    client = client_for(officer)
    client.cookies["django_language"] = "cy"
    form = client.get(reverse("intelligence:report-create")).content.decode()
    assert ">Trosedd ac anhrefn</option>" in form
    assert "Crime and disorder" not in form
    report = make_report(officer, report_type=report_type())
    page = client.get(reverse("intelligence:report-detail", args=[report.pk])).content.decode()
    assert ">Trosedd ac anhrefn</dd>" in page


def test_admin_refuses_an_active_report_type_without_its_welsh(client_for, administrator):
    client = client_for(administrator)
    url = reverse("admin:intelligence_reporttype_add")
    row = {"name": "Wildlife crime", "review_after_years": "6"}
    refused = client.post(url, {**row, "name_cy": "", "active": "on"})
    assert refused.status_code == 200
    assert "Give the Welsh too: a row in use is shown to Welsh readers." in refused.content.decode()
    assert client.post(url, {**row, "name_cy": ""}).status_code == 302  # not offered: may wait
    wildlife = ReportType.objects.get(name="Wildlife crime")
    change = reverse("admin:intelligence_reporttype_change", args=[wildlife.pk])
    assert client.post(change, {**row, "name_cy": "", "active": "on"}).status_code == 200
    assert (
        client.post(change, {**row, "name_cy": "Troseddau bywyd gwyllt", "active": "on"}).status_code == 302
    )
    assert ReportType.objects.get(pk=wildlife.pk).active is True
