"""An uploaded crime file with a NUL byte or a cell longer than the CSV reader takes: the line is
skipped and the summary says why, the rest is imported, never a server error (issue 20, item 6)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from intelligence.models import CrimeImport, CrimeRecord
from intelligence.services import crime_import

pytestmark = pytest.mark.django_db

HEADER = ",".join(crime_import.STREET_HEADER)


def _row(ref: str, context: str = "") -> str:
    return f"{ref},2024-03,Force,Force,-0.1,51.5,On or near A Street,E01,City 001,Burglary,,{context}"


def _upload(client, text: str):
    return client.post(
        reverse("intelligence:crime-import"),
        {"file": SimpleUploadedFile("street.csv", text.encode(), content_type="text/csv")},
    )


@pytest.mark.parametrize(
    "bad_row, reason",
    [
        (_row("nul", "a\x00b"), "a NUL character, which no published file holds"),
        (
            _row("long", "x" * 131_073),
            "a line that cannot be read as CSV (a cell of over 131,072 characters)",
        ),
    ],
)
def test_a_damaged_line_is_skipped_and_the_summary_says_why(client_for, sergeant, bad_row, reason):
    client = client_for(sergeant)
    text = "\n".join([HEADER, _row("first"), bad_row, _row("last")]) + "\n"

    response = _upload(client, text)

    record = CrimeImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == record.get_absolute_url()
    assert (record.rows_read, record.rows_imported) == (3, 2)
    assert record.skipped == {reason: {"count": 1, "lines": [3]}}
    assert sorted(CrimeRecord.objects.values_list("crime_ref", flat=True)) == ["first", "last"]
    page = client.get(record.get_absolute_url()).content.decode()
    assert f"<li>1: {reason} (lines 3)</li>" in page


def test_a_cell_of_131072_characters_is_still_read(sergeant):
    text = "\n".join([HEADER, _row("full", "x" * 131_072)])
    record = crime_import.import_file(user=sergeant, data=text.encode(), file_name="street.csv")
    assert (record.rows_imported, record.skipped) == (1, {})
    assert len(CrimeRecord.objects.get().context) == 131_072


def test_a_header_too_long_to_read_is_refused_on_the_form(client_for, sergeant):
    response = _upload(client_for(sergeant), "x" * 131_073 + "\n" + _row("a"))

    assert response.status_code == 200
    assert (
        "This is not a data.police.uk street, outcomes or stop-and-search file: its first line is "
        "“(a line that cannot be read)”." in response.content.decode()
    )
    assert CrimeImport.objects.count() == 0
