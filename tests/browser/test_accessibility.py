"""axe-core runs on every page a browser test visits (tests/conftest.py): these tests show it is
there and that it catches a serious fault."""

import pytest

from tests.conftest import check_accessibility, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_axe_runs_on_each_page_loaded(phone, officer):
    log_in(phone, officer)
    assert phone.evaluate("typeof axe.run") == "function"
    assert phone.evaluate("axe.version") == "4.11.0"  # as pinned in package.json
    assert check_accessibility(phone) == []


def test_axe_reports_a_serious_fault(phone, officer):
    log_in(phone, officer)
    phone.goto("/patrols/add/")
    # Break the page on purpose: a field loses its label.
    phone.evaluate("document.querySelectorAll('label').forEach((label) => label.remove())")
    found = check_accessibility(phone)
    assert any("critical label: Form elements must have labels" in problem for problem in found), found
    phone.axe_violations.clear()  # the fault was ours, not the page's
    phone.reload()
