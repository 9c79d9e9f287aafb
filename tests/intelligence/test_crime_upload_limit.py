"""A crime file over the 20 MB limit is refused as soon as the limit is passed, not read whole
first: the form says so and nothing is imported (issue 20, item 9)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from intelligence.models import CrimeImport
from intelligence.services.crime_import import MAX_BYTES

pytestmark = pytest.mark.django_db

CHUNK = 64 * 1024  # what the upload handlers read at a time
MESSAGE = "The file is larger than 20 MB: choose one force and one month."


class CountingInput:
    """A wsgi.input that counts the bytes the application reads from it."""

    def __init__(self, stream):
        self.stream, self.read_bytes = stream, 0

    def read(self, size=-1):
        data = self.stream.read(size) if size is not None and size >= 0 else self.stream.read()
        self.read_bytes += len(data)
        return data

    def readline(self, size=-1):
        data = self.stream.readline(size)
        self.read_bytes += len(data)
        return data


@pytest.fixture
def counted(client_for, sergeant):
    """The sergeant's client, and the inputs of the requests it sent (bytes read from each)."""
    client = client_for(sergeant)
    inputs = []
    handler = client.handler

    def counting(environ):
        environ["wsgi.input"] = CountingInput(environ["wsgi.input"])
        inputs.append(environ["wsgi.input"])
        return handler(environ)

    client.handler = counting
    return client, inputs


@pytest.mark.parametrize(
    "size, most_read",
    [
        (25 * 1024 * 1024, CHUNK),  # the Content-Length says it all: stopped as the file starts
        (MAX_BYTES + 1, MAX_BYTES + CHUNK),  # stopped as the streamed bytes pass the limit
    ],
)
def test_a_file_over_the_limit_is_refused_having_read_no_more_than_the_limit(counted, size, most_read):
    client, inputs = counted
    body = b"Crime ID,Month\n" + b"x" * (size - 15)

    response = client.post(
        reverse("intelligence:crime-import"),
        {"file": SimpleUploadedFile("big.csv", body, content_type="text/csv")},
    )

    assert response.status_code == 413
    assert MESSAGE in response.content.decode()
    assert 'name="file"' in response.content.decode()  # the form, to choose another file
    assert inputs[0].read_bytes <= most_read
    assert CrimeImport.objects.count() == 0


def test_a_file_of_the_limit_is_read_whole(counted):
    client, inputs = counted
    body = b"x" * MAX_BYTES

    response = client.post(
        reverse("intelligence:crime-import"),
        {"file": SimpleUploadedFile("street.csv", body, content_type="text/csv")},
    )

    assert response.status_code == 200  # read, and refused for what it is, not for its size
    assert (
        "This is not a data.police.uk street, outcomes or stop-and-search file" in response.content.decode()
    )
    assert MAX_BYTES < inputs[0].read_bytes < MAX_BYTES + CHUNK  # the file and the form around it


def test_the_form_tells_the_browser_the_limit(client_for, sergeant):
    html = client_for(sergeant).get(reverse("intelligence:crime-import")).content.decode()

    assert f'data-max-bytes="{MAX_BYTES}"' in html
    assert f'data-too-large="{MESSAGE}"' in html
    assert '<script src="/static/js/upload-limit.js"></script>' in html
