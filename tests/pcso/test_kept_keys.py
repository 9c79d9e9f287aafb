"""A kept page is keyed on the parameters the page reads, not on the raw query string: requests
with parameters no page understands add no copies to Redis, and a real filter still gets its own
page (issue 20, item 8)."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from pcso import fresh
from tests.factories import PatrolFactory, make_notice

pytestmark = pytest.mark.django_db


def kept_keys() -> int:
    client = cache._cache.get_client()
    return sum(1 for _ in client.scan_iter(match=f"*fresh:{fresh.NAMESPACE}:*", count=1000))


def rows(response, marker: str) -> list[str]:
    return re.findall(rf'{marker}="(\d+)"', response.content.decode())


@pytest.mark.parametrize(
    "name", ["patrols:patrol-list", "patrols:notice-list", "engagement:case-list", "intelligence:report-list"]
)
def test_unknown_parameters_add_no_kept_pages(client_for, officer, name):
    client = client_for(officer)
    assert client.get(reverse(name)).status_code == 200
    first = kept_keys()
    answers = [client.get(reverse(name), {f"junk{i}": f"x{i}", "utm_source": str(i)}) for i in range(30)]
    assert ([r.status_code for r in answers], first, kept_keys()) == ([200] * 30, 1, 1)


def test_a_real_filter_gets_its_own_page_and_junk_beside_it_changes_nothing(client_for, officer, sergeant):
    paid = make_notice(officer, "litter")
    unpaid = make_notice(officer, "dog-control-pspo")
    from django.utils import timezone

    from patrols.services import notices as notice_services

    notice_services.record_payment(
        user=sergeant,
        notice=paid,
        amount=notice_services.balance_on(paid, timezone.localdate()),
        paid_on=timezone.localdate(),
        reference="R1",
    )
    client = client_for(officer)
    url = reverse("patrols:notice-list")
    shown = {
        "all": rows(client.get(url), "data-notice-row"),
        "paid": rows(client.get(url, {"status": "paid"}), "data-notice-row"),
        "paid+junk": rows(client.get(url, {"status": "paid", "junk": "1"}), "data-notice-row"),
        "issued": rows(client.get(url, {"junk": "2", "status": "issued"}), "data-notice-row"),
        "all+junk": rows(client.get(url, {"junk": "3"}), "data-notice-row"),
    }
    assert shown == {
        "all": [str(unpaid.pk), str(paid.pk)],
        "paid": [str(paid.pk)],
        "paid+junk": [str(paid.pk)],
        "issued": [str(unpaid.pk)],
        "all+junk": [str(unpaid.pk), str(paid.pk)],
    }
    assert kept_keys() == 3  # all, paid, issued


def test_page_links_keep_the_filters_and_drop_what_the_page_does_not_understand(client_for, officer):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    for i in range(27):  # past one page (25)
        PatrolFactory(officer=officer, started_at=now - timedelta(days=1, hours=i))
    client = client_for(officer)
    start = (now - timedelta(days=5)).date().isoformat()
    page = client.get(reverse("patrols:patrol-list"), {"start": start, "junk": "evil"}).content.decode()
    again = client.get(reverse("patrols:patrol-list"), {"start": start}).content.decode()
    links = re.findall(r'href="\?([^"]*)" rel="next"', page)
    assert (links, re.findall(r'href="\?([^"]*)" rel="next"', again)) == (
        [f"start={start}&amp;page=2"],
        [f"start={start}&amp;page=2"],
    )
    second = client.get(reverse("patrols:patrol-list"), {"start": start, "page": "2"})
    assert len(rows(second, "data-patrol")) == 2


def test_a_parameter_first_read_inside_a_kept_block_keeps_nothing(officer):
    """It could not be in the key, computed before: such a block is rendered every time."""
    from django.test import RequestFactory

    calls = []

    def render(extra) -> str:
        calls.append(1)
        return request.GET.get("late", "none")

    shown = []
    for late in ("1", "2"):
        request = RequestFactory().get("/somewhere/", {"late": late})
        request.user = officer
        fresh.begin(request)
        shown.append(fresh.fragment(request, "test", render))
    assert (shown, len(calls), kept_keys()) == (["1", "2"], 2, 0)
