"""Every list page reads PAGE_SIZE rows through PagePaginator, and its page links keep the
filters (pcso.pagination.PageList, pcso/_pagination.html)."""

import re

from django.urls import reverse

from tests.intelligence.conftest import make_report


def _links(response) -> dict[str, str]:
    html = response.content.decode()
    return {
        rel: href.replace("&amp;", "&") for href, rel in re.findall(r'href="([^"]*)" rel="(prev|next)"', html)
    }


def test_page_links_keep_the_filters_and_name_one_page(client_for, officer):
    for _ in range(26):
        make_report(officer, status="submitted")
    make_report(officer, status="draft")
    client = client_for(officer)
    url = reverse("intelligence:report-list")

    first = client.get(url, {"status": "submitted"})
    assert len(first.context["reports"]) == 25
    assert _links(first) == {"next": "?status=submitted&page=2"}
    assert "Page 1 of 2" in first.content.decode()

    second = client.get(url, {"status": "submitted", "page": "2"})
    assert [r.status for r in second.context["reports"]] == ["submitted"]
    assert _links(second) == {"prev": "?status=submitted&page=1"}


def test_status_links_keep_the_period(client_for, officer):
    make_report(officer, status="submitted")
    page = client_for(officer).get(
        reverse("intelligence:report-list"), {"start": "2026-11-01", "status": "draft"}
    )
    html = page.content.decode()
    assert 'href="?mine=1&amp;start=2026-11-01"' in html
    assert 'href="?status=submitted&amp;start=2026-11-01"' in html
    assert 'href="?start=2026-11-01"' in html  # All
