"""At 1280 px the menu is a bar across the top (on a phone it folds behind a button): axe-core
(tests/conftest.py) runs on every page of each role's menu at that width too, and fails the test
on a serious or critical finding, such as menu links too faint on the blue."""

import pytest

from tests.conftest import DESKTOP, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("role", ["officer", "sergeant", "inspector"])
def test_every_menu_page_at_1280_px_passes_axe(request, desktop, team, role):
    log_in(desktop, request.getfixturevalue(role))
    assert desktop.evaluate("window.innerWidth") == DESKTOP["width"]
    menu = desktop.locator("#nav a.nav-link")
    assert menu.first.is_visible()  # the bar, not the folded phone menu
    links = [menu.nth(i).get_attribute("href") for i in range(menu.count())]
    assert len(links) >= 5
    for link in links:
        desktop.goto(link)  # axe-core runs on each page as it loads
        desktop.wait_for_load_state("networkidle")
        assert desktop.locator("h1").count() == 1, link
