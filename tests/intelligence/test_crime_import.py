"""Import of the published data.police.uk files (the sample in intelligence/data/police-uk/). The
expected figures were counted by hand from the files (a one-off script over each CSV), not by the
code under test."""

import io
from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db.models import Count, F
from django.urls import reverse

from intelligence.models import CrimeImport, CrimeOutcome, CrimeRecord, StopAndSearch
from intelligence.services import crime_import
from pcso.models import AuditEntry

from .crime_data import MARCH_2024, OUTCOMES_2016, SEARCHES_2016, STREET_2016, import_path

pytestmark = pytest.mark.django_db

MARCH_2024_BY_TYPE = {
    "Anti-social behaviour": 52,
    "Bicycle theft": 22,
    "Burglary": 27,
    "Criminal damage and arson": 33,
    "Drugs": 58,
    "Other crime": 14,
    "Other theft": 149,
    "Possession of weapons": 5,
    "Public order": 54,
    "Robbery": 20,
    "Shoplifting": 105,
    "Theft from the person": 95,
    "Vehicle crime": 7,
    "Violence and sexual offences": 116,
}


def by_type():
    rows = CrimeRecord.objects.values("crime_type").annotate(n=Count("pk")).order_by("crime_type")
    return {row["crime_type"]: row["n"] for row in rows}


def test_import_street_month_counts_each_crime_type():
    record = import_path(MARCH_2024)

    assert by_type() == MARCH_2024_BY_TYPE
    assert sum(MARCH_2024_BY_TYPE.values()) == 757
    assert (record.kind, record.rows_read, record.rows_imported, record.rows_skipped) == (
        "street",
        757,
        757,
        0,
    )
    assert record.month.isoformat() == "2024-03-01"
    # ASB rows have no Crime ID and no outcome.
    asb = CrimeRecord.objects.filter(crime_type="Anti-social behaviour")
    assert asb.exclude(crime_ref="").count() == 0
    assert asb.exclude(last_outcome="").count() == 0


def test_import_keeps_duplicate_crime_ids_as_separate_rows():
    import_path(MARCH_2024)

    repeated = (
        CrimeRecord.objects.exclude(crime_ref="").values("crime_ref").annotate(n=Count("pk")).filter(n__gt=1)
    )
    assert repeated.count() == 14
    assert sum(row["n"] for row in repeated) == 31
    pair = CrimeRecord.objects.filter(
        crime_ref="00b2af699e432e06687fc605eac627696f11e86a208ec405552dbb9c51aa15fc"
    ).order_by("latitude")
    assert [(str(r.latitude), str(r.longitude), r.crime_type) for r in pair] == [
        ("51.517296", "-0.081902", "Drugs"),
        ("51.518692", "-0.081512", "Drugs"),
    ]


def test_import_reports_rows_without_a_location():
    record = import_path(MARCH_2024)

    assert record.rows_without_location == 66
    assert CrimeRecord.objects.filter(latitude=None, longitude=None).count() == 66
    assert CrimeRecord.objects.filter(latitude=None).exclude(neighbourhood=None).count() == 0
    assert CrimeRecord.objects.filter(latitude=None, crime_type="Violence and sexual offences").count() == 14


def test_import_attaches_2016_outcomes_to_their_crimes():
    import_path(STREET_2016)
    record = import_path(OUTCOMES_2016)

    assert (record.kind, record.rows_read, record.rows_imported, record.rows_skipped) == (
        "outcomes",
        574,
        574,
        0,
    )
    assert record.outcomes_attached == 118
    assert CrimeOutcome.objects.exclude(crime=None).count() == 118
    assert CrimeOutcome.objects.exclude(crime=None).values("crime").distinct().count() == 108
    # Every attached outcome has its crime's Crime ID.
    assert CrimeOutcome.objects.exclude(crime=None).exclude(crime__crime_ref=F("crime_ref")).count() == 0
    four = CrimeOutcome.objects.filter(
        crime_ref="8c68b6e12b2c67b206111d1e829b2a5cfa45044e2e7253309c88bec6fe82b2fb"
    )
    assert four.count() == 4


def test_outcomes_imported_before_their_crimes_attach_when_the_crimes_come():
    first = import_path(OUTCOMES_2016)
    assert first.outcomes_attached == 0

    street = import_path(STREET_2016)

    assert street.outcomes_attached == 118
    assert CrimeOutcome.objects.exclude(crime=None).count() == 118
    assert all(
        o.crime.crime_ref == o.crime_ref
        for o in CrimeOutcome.objects.exclude(crime=None).select_related("crime")
    )


def snapshot():
    return (
        list(CrimeRecord.objects.order_by("pk").values_list()),
        list(CrimeOutcome.objects.order_by("pk").values_list()),
        list(StopAndSearch.objects.order_by("pk").values_list()),
    )


def test_second_import_adds_nothing():
    for path in (MARCH_2024, STREET_2016, OUTCOMES_2016, SEARCHES_2016):
        import_path(path)
    before = snapshot()

    again = [import_path(path) for path in (MARCH_2024, STREET_2016, OUTCOMES_2016, SEARCHES_2016)]

    assert snapshot() == before
    assert [(r.rows_read, r.rows_imported, r.rows_updated, r.rows_unchanged) for r in again] == [
        (757, 0, 0, 757),
        (446, 0, 0, 446),
        (574, 0, 0, 574),
        (150, 0, 0, 150),
    ]
    assert (CrimeRecord.objects.count(), CrimeOutcome.objects.count(), StopAndSearch.objects.count()) == (
        757 + 446,
        574,
        150,
    )


def test_reimport_with_a_changed_outcome_updates_that_row_only():
    import_path(STREET_2016)
    fined = CrimeRecord.objects.filter(last_outcome="Offender fined").count()
    lines = STREET_2016.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    was = ",Investigation complete; no suspect identified,"
    target = next(i for i, line in enumerate(lines) if was in line)
    lines[target] = lines[target].replace(was, ",Offender fined,")

    record = crime_import.import_file(user=None, data="".join(lines).encode(), file_name="changed.csv")

    assert (record.rows_imported, record.rows_updated, record.rows_unchanged) == (0, 1, 445)
    assert CrimeRecord.objects.count() == 446
    assert CrimeRecord.objects.filter(last_outcome="Offender fined").count() == fined + 1


def test_import_stop_and_search_2016():
    record = import_path(SEARCHES_2016)

    assert (record.kind, record.rows_read, record.rows_imported, record.rows_without_location) == (
        "stop-and-search",
        150,
        150,
        150,
    )
    first = StopAndSearch.objects.order_by("searched_at", "pk").first()
    assert first.searched_at == datetime(2016, 1, 1, 8, 5, tzinfo=UTC)
    assert (first.search_type, first.part_of_operation, first.removal_of_more_than_outer_clothing) == (
        "Person and Vehicle search",
        None,
        True,
    )
    assert StopAndSearch.objects.filter(outcome_linked_to_object=True).count() == 34
    assert StopAndSearch.objects.filter(outcome_linked_to_object=None).count() == 100


def test_import_places_points_in_their_neighbourhood(team):
    box = {
        "type": "Polygon",
        "coordinates": [
            [[-0.095, 51.510], [-0.080, 51.510], [-0.080, 51.520], [-0.095, 51.520], [-0.095, 51.510]]
        ],
    }
    area = team.neighbourhoods.get()
    area.boundary = box
    area.save()

    record = import_path(MARCH_2024)

    inside = CrimeRecord.objects.filter(neighbourhood=area)
    assert inside.count() + record.rows_outside_neighbourhoods + record.rows_without_location == 757
    assert (
        inside.count()
        == CrimeRecord.objects.filter(
            latitude__gt=51.510, latitude__lt=51.520, longitude__gt=-0.095, longitude__lt=-0.080
        ).count()
    )
    assert inside.count() > 0


def test_locate_all_follows_a_changed_boundary(team):
    import_path(MARCH_2024)
    area = team.neighbourhoods.get()
    # The factory's box (-0.113 to -0.093 east, 51.508 to 51.515 north) holds 131 of the points.
    assert CrimeRecord.objects.filter(neighbourhood=area).count() == 131
    area.boundary = {"type": "Polygon", "coordinates": [[[-1, 51], [1, 51], [1, 52], [-1, 52], [-1, 51]]]}
    area.save()

    assert crime_import.locate_all() == 757 - 66 - 131
    assert CrimeRecord.objects.filter(neighbourhood=area).count() == 757 - 66
    assert crime_import.locate_all() == 0


def test_import_skips_unreadable_rows_and_says_why():
    header = ",".join(crime_import.STREET_HEADER)
    rows = [
        header,
        "abc,2024-03,Force,Force,-0.1,51.5,On or near A Street,E01,City 001,Burglary,Under investigation,",
        "abd,March 2024,Force,Force,-0.1,51.5,On or near A Street,E01,City 001,Burglary,,",
        "abe,2024-03,Force,Force,west,51.5,On or near A Street,E01,City 001,Burglary,,",
        "abf,2024-03,Force,Force,-0.1,51.5,On or near A Street,E01,City 001,,,",
        "too,few,columns",
        "",
        ",2024-03,Force,Force,,,No Location,,,Anti-social behaviour,,",
    ]
    record = crime_import.import_file(user=None, data="\n".join(rows).encode(), file_name="odd.csv")

    assert (record.rows_read, record.rows_imported, record.rows_without_location) == (6, 2, 1)
    assert record.skipped == {
        "month not in YYYY-MM form": {"count": 1, "lines": [3]},
        "coordinates that are not numbers": {"count": 1, "lines": [4]},
        "no crime type": {"count": 1, "lines": [5]},
        "a different number of columns from the header": {"count": 1, "lines": [6]},
    }
    asb = CrimeRecord.objects.get(crime_type="Anti-social behaviour")
    assert (asb.crime_ref, asb.latitude, asb.place) == ("", None, "")


def test_place_reads_odd_capitals():
    assert crime_import.place_of("On or near FLEET STREET") == "Fleet Street"
    assert crime_import.place_of("On or near Little Britain") == "Little Britain"
    assert crime_import.place_of("No Location") == ""


def test_import_rejects_a_file_that_is_not_from_police_uk():
    with pytest.raises(crime_import.UnusableFile) as error:
        crime_import.import_file(user=None, data=b"name,age\nA,1\n", file_name="people.csv")
    assert "first line is “name,age”" in str(error.value)
    assert CrimeImport.objects.count() == 0


# The upload page


def upload(client, path):
    return client.post(
        reverse("intelligence:crime-import"),
        {"file": SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")},
    )


def test_sergeant_uploads_a_month_and_reads_its_summary(client_for, sergeant):
    client = client_for(sergeant)

    response = upload(client, MARCH_2024)

    record = CrimeImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == record.get_absolute_url()
    page = client.get(record.get_absolute_url()).content.decode()
    assert '<dd class="col-4 col-md-8" data-read>757</dd>' in page
    assert '<dd class="col-4 col-md-8" data-imported>757</dd>' in page
    assert '<dd class="col-4 col-md-8" data-without-location>66</dd>' in page
    assert "66 rows have no location" in page
    assert "Open Government Licence v3.0" in page
    assert record.imported_by == sergeant
    assert (
        AuditEntry.objects.filter(action="intelligence.crimeimport.created", object_id=str(record.pk)).count()
        == 1
    )


def test_inspector_uploads_and_a_second_upload_imports_nothing(client_for, inspector, team):
    client = client_for(inspector)
    upload(client, STREET_2016)

    upload(client, STREET_2016)

    second = CrimeImport.objects.order_by("pk").last()
    page = client.get(second.get_absolute_url()).content.decode()
    assert '<dd class="col-4 col-md-8" data-imported>0</dd>' in page
    assert '<dd class="col-4 col-md-8" data-unchanged>446</dd>' in page
    assert CrimeRecord.objects.count() == 446


def test_upload_of_another_file_is_refused_on_the_form(client_for, sergeant):
    response = client_for(sergeant).post(
        reverse("intelligence:crime-import"),
        {"file": SimpleUploadedFile("people.csv", b"name,age\nA,1\n", content_type="text/csv")},
    )

    assert response.status_code == 200
    assert (
        "This is not a data.police.uk street, outcomes or stop-and-search file" in response.content.decode()
    )
    assert CrimeImport.objects.count() == 0


@pytest.mark.parametrize("who", ["officer", "administrator"])
def test_import_pages_are_not_there_for_pcsos_and_administrators(client_for, request, who):
    record = CrimeImport.objects.create(kind="street", file_name="a.csv")
    client = client_for(request.getfixturevalue(who))

    assert client.get(reverse("intelligence:crime-import")).status_code == 404
    assert client.get(record.get_absolute_url()).status_code == 404
    assert upload(client, STREET_2016).status_code == 404
    assert CrimeRecord.objects.count() == 0


def test_command_imports_a_folder_crimes_before_outcomes():
    out = io.StringIO()

    call_command("import_police_data", str(STREET_2016.parent), stdout=out)

    lines = out.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "2016-01-city-of-london-stop-and-search.csv",
        "2016-01-city-of-london-street.csv",
        "2016-01-city-of-london-outcomes.csv",
    ]
    assert lines[2].endswith("outcomes attached 118")
    assert CrimeImport.objects.filter(imported_by=None).count() == 3


def test_command_refuses_a_missing_path():
    with pytest.raises(CommandError, match="No such file or folder: /nowhere"):
        call_command("import_police_data", "/nowhere")


def test_an_import_marks_the_kept_pages_of_the_teams_it_touched_and_only_those(team, other_team):
    """Crime rows are written in bulk (no signal): the import moves the generations of the teams
    whose neighbourhoods its rows fall in (pcso/fresh.py), not every team's."""
    from pcso import fresh

    far = other_team.neighbourhoods.get()
    far.boundary = {"type": "Polygon", "coordinates": [[[1, 50], [2, 50], [2, 51], [1, 51], [1, 50]]]}
    far.save()

    def generations():
        keys = [fresh.team_key(team.pk), fresh.team_key(other_team.pk), fresh.GLOBAL, fresh.SHARED]
        values = fresh.generations(keys)
        return [values.get(key, 0) for key in keys]

    before = generations()
    import_path(MARCH_2024)
    assert CrimeRecord.objects.filter(neighbourhood__team=team).count() == 131
    assert [after - first for after, first in zip(generations(), before, strict=True)] == [1, 0, 0, 0]
