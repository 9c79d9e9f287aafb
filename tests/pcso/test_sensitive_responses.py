"""Pages and exports that show victim, case or follow-up content are kept out of every cache
(Cache-Control: no-store), because the audited read marks them; logging out clears the site's
cached pages and stored data in the browser."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from engagement.models import Victim
from pcso import audit
from pcso.middleware import AuditContextMiddleware
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_every_victim_case_and_follow_up_page_and_the_export_is_no_store(client_for, officer):
    case = make_case(officer, consents_to_referral=True)  # a referral follow-up
    follow_up = case.follow_ups.get(kind="referral")
    client = client_for(officer)
    urls = [
        reverse("home"),
        reverse("engagement:case-list"),
        reverse("engagement:case-detail", args=[case.pk]),
        reverse("engagement:victim-detail", args=[case.victim.pk]),
        reverse("engagement:follow-up-detail", args=[follow_up.pk]),
        reverse("engagement:case-assess", args=[case.pk]),
        reverse("engagement:case-export"),
    ]
    answers = {url: (client.get(url).status_code, _no_store(client.get(url))) for url in urls}
    assert answers == dict.fromkeys(urls, (200, True))


def test_an_empty_case_list_is_no_store_too(client_for, officer):
    response = client_for(officer).get(reverse("engagement:case-list"))
    assert (response.status_code, _no_store(response)) == (200, True)


def test_pages_without_sensitive_content_may_be_cached_by_the_browser(client_for, officer):
    response = client_for(officer).get(reverse("patrols:patrol-list"))
    assert (response.status_code, _no_store(response)) == (200, False)


def test_any_view_that_audits_a_sensitive_read_is_no_store_for_free(officer, team):
    """A page added later (intelligence, say) needs nothing more than its audited read."""
    victim = Victim.objects.create(team=team, name="Jane Victimname")

    def future_page(request):
        audit.record_read(request.user, victim)
        return HttpResponse("Jane Victimname")

    request = RequestFactory().get("/future/")
    request.user = officer
    response = AuditContextMiddleware(future_page)(request)
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


def test_logging_out_clears_the_sites_cache_and_storage(client_for, officer):
    response = client_for(officer).post(reverse("logout"))
    assert (response.status_code, response["Clear-Site-Data"], _no_store(response)) == (
        302,
        '"cache", "storage"',
        True,
    )


def test_the_inbox_and_both_dashboards_keep_no_copy(client_for, officer, sergeant, inspector):
    """Case references in the inbox, per-officer figures on the dashboards (issue 20, item 7)."""
    pages = {
        (officer, reverse("inbox")),
        (sergeant, reverse("inbox")),
        (sergeant, reverse("team-dashboard")),
        (inspector, reverse("team-dashboard")),
        (sergeant, reverse("neighbourhood-dashboard")),
        (inspector, reverse("neighbourhood-dashboard")),
    }
    answers = {
        (user.collar_number, url): (response.status_code, response.get("Cache-Control"))
        for user, url in pages
        for response in [client_for(user).get(url)]
    }
    expected = (200, "max-age=0, no-cache, no-store, must-revalidate, private")
    assert answers == dict.fromkeys(answers, expected)
