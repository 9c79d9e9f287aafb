"""What one request may carry (pcso/limits.py): a NUL character anywhere in what was sent, a body
over the limit of a page, more fields than any form: a clear page, nothing saved, and a too-large
body refused before it is read (issue 20, items 6 and 9)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from engagement.models import CommunityGroup, DiaryEntry
from pcso.models import AuditEntry
from tests.intelligence.test_crime_upload_limit import CountingInput

pytestmark = pytest.mark.django_db

NUL_MESSAGE = (
    "What you sent holds a NUL character (a zero byte), which no page takes: nothing was saved. "
    "Go back, take it out and send it again."
)
TOO_LARGE = "What you sent is larger than this page takes (at most 2.5\xa0MB): nothing was saved. Go back and send less."


def _refusal(response) -> str:
    html = response.content.decode()
    start = html.index("<p data-refused>") + len("<p data-refused>")
    return html[start : html.index("</p>", start)]


@pytest.fixture
def counted(client_for):
    """client_for(officer), whose requests count the bytes read from them (`inputs`)."""
    inputs = []

    def login(officer):
        client = client_for(officer)
        handler = client.handler

        def counting(environ):
            environ["wsgi.input"] = CountingInput(environ["wsgi.input"])
            inputs.append(environ["wsgi.input"])
            return handler(environ)

        client.handler = counting
        return client

    login.inputs = inputs
    return login


@pytest.mark.parametrize("query", ["q=%00", "q=drugs%00", "status=%00&q=x", "%00=1", "q=ok&q=%00"])
def test_a_nul_in_the_intelligence_search_is_a_clear_400(client_for, sergeant, query):
    audited = AuditEntry.objects.count()

    response = client_for(sergeant).get(f"{reverse('intelligence:report-list')}?{query}")

    assert response.status_code == 400
    assert _refusal(response) == NUL_MESSAGE
    assert AuditEntry.objects.count() == audited  # nothing was read


def test_a_nul_in_the_address_is_a_clear_400(client_for, officer):
    response = client_for(officer).get("/engagement/diary/%00/")

    assert response.status_code == 400
    assert _refusal(response) == NUL_MESSAGE


def test_a_nul_in_a_form_field_is_refused_and_nothing_saved(client_for, officer, team):
    response = client_for(officer).post(
        reverse("engagement:group-create"),
        {
            "name": "Smithfield\x00Watch",
            "kind": "watch",
            "neighbourhood": team.neighbourhoods.get().pk,
            "contact_officer": officer.pk,
            "frequency": "monthly",
        },
    )

    assert response.status_code == 400
    assert _refusal(response) == NUL_MESSAGE
    assert CommunityGroup.objects.count() == 0


def test_other_odd_characters_are_searched_for(client_for, sergeant):
    response = client_for(sergeant).get(reverse("intelligence:report-list"), {"q": "\ufffd\u202e\U0001f600"})
    assert response.status_code == 200


def test_a_body_over_the_limit_is_refused_unread(counted, officer):
    client = counted(officer)

    response = client.post(reverse("engagement:entry-create"), {"notes": "x" * (3 * 1024 * 1024)})

    assert response.status_code == 413
    assert _refusal(response) == TOO_LARGE
    assert counted.inputs[0].read_bytes == 0
    assert DiaryEntry.objects.count() == 0


def test_a_file_sent_to_a_page_that_takes_none_is_refused_unread(counted, officer):
    client = counted(officer)
    big = SimpleUploadedFile("big.csv", b"x" * (3 * 1024 * 1024), content_type="text/csv")

    response = client.post(reverse("engagement:entry-create"), {"notes": "Hello", "file": big})

    assert response.status_code == 413
    assert _refusal(response) == TOO_LARGE
    assert counted.inputs[0].read_bytes == 0


def test_a_body_under_the_limit_is_read(client_for, officer):
    notes = "x" * (2 * 1024 * 1024)
    response = client_for(officer).post(reverse("engagement:entry-create"), {"notes": notes})
    assert response.status_code == 200  # the form, with its messages: no group was chosen
    assert f"{notes}</textarea>" in response.content.decode()


def test_more_fields_than_any_form_is_a_clear_400(client_for, officer):
    response = client_for(officer).post(
        reverse("engagement:entry-create"), {f"f{n}": "1" for n in range(1001)}
    )

    assert response.status_code == 400
    assert _refusal(response) == "What you sent has more fields than any form here: nothing was saved."
    assert DiaryEntry.objects.count() == 0
