"""The admin site works under the Content Security Policy: administrators manage people there."""

import pytest

from tests.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_administrator_edits_an_officer_in_the_admin_without_csp_errors(phone, administrator, officer, team):
    phone.set_viewport_size({"width": 1280, "height": 900})
    log_in(phone, administrator)
    phone.goto(f"/admin/pcso/officer/{officer.pk}/change/")
    phone.get_by_label("Last name").fill("Khan-Smith")
    phone.get_by_role("button", name="Save", exact=True).click()
    phone.wait_for_load_state()
    assert "was changed successfully" in phone.content()
    officer.refresh_from_db()
    assert officer.last_name == "Khan-Smith"
    phone.goto("/admin/pcso/auditentry/")
    assert "pcso.officer.updated" in phone.content()
    assert phone.js_errors == []
