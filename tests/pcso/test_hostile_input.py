"""Server errors the hostile-input sweep (tests/test_hostile_sweep.py) found, each pinned: a
query parameter named "items" on a list with a period, an empty `_to_field` in the admin site, a
login name longer than the lockout table's column (issue 20, item 6)."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

pytestmark = pytest.mark.django_db

LISTS = ["engagement:case-list", "patrols:patrol-list", "intelligence:report-list", "patrols:patrol-export"]


@pytest.mark.parametrize("name", LISTS)
def test_a_parameter_named_items_keeps_the_lists_filters(client_for, sergeant, name):
    response = client_for(sergeant).get(
        reverse(name), {"items": "ab", "status": "open", "start": "2026-13-01"}
    )

    html = response.content.decode()
    assert response.status_code in (200, 400)  # the export refuses the bad date on the list page
    assert '<input type="hidden" name="items" value="ab">' in html
    assert '<input type="hidden" name="status" value="open">' in html
    assert 'value="2026-13-01"' in html  # what was typed, with its message
    assert "Enter a valid date." in html


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("page", ["change", "delete"])
def test_an_empty_to_field_in_the_admin_site_is_a_clear_400(client_for, administrator, team, method, page):
    url = reverse(f"admin:pcso_team_{page}", args=[team.pk])

    response = getattr(client_for(administrator), method)(f"{url}?_to_field=" if method == "get" else url,
                                                          {} if method == "get" else {"_to_field": ""})  # fmt: skip

    assert response.status_code == 400
    assert "What you sent could not be read: nothing was saved." in response.content.decode()
    team.refresh_from_db()
    assert team.name == "West"


@pytest.mark.parametrize("url", ["login", "admin:login"])
def test_a_login_name_longer_than_any_is_refused_on_the_form(client, url):
    response = client.post(reverse(url), {"username": "A" * 300, "password": "nope"})

    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()
    assert [len(name) for name in AccessAttempt.objects.values_list("username", flat=True)] in ([], [255])
