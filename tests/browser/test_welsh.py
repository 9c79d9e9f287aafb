"""Welsh on a phone: every page a PCSO can open, read in Welsh on a 390 px wide phone, fits its
width (Welsh words are long: "Ymdriniwyd ag ymddygiad gwrthgymdeithasol" must wrap, not push the
page sideways). The pages are the URL sweep's (tests/*/sweep_rows.py): every GET row that answers
the West PCSO 200 with an HTML page, for each of its records, plus the PCSO's running patrol and
a challenged notice."""

from urllib.parse import urlencode

import pytest
from django.test import Client

from patrols.services import notices as notice_services
from patrols.services import patrols as patrol_services
from tests.conftest import PHONE, log_in, new_phone_page
from tests.factories import make_notice
from tests.sweep import statuses
from tests.test_url_sweep import all_rows, build_world, row_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What overflows the width, as "<tag> <text>" of the innermost element that sticks out.
OVERFLOW = """() => {
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth <= width) return null;
  const out = [...document.body.querySelectorAll("*")].filter((el) => el.getBoundingClientRect().right > width + 0.5);
  const innermost = out.filter((el) => !out.some((other) => other !== el && el.contains(other)));
  return `${document.documentElement.scrollWidth} px: ` + innermost.slice(0, 3)
    .map((el) => `${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 50)}"`).join(", ");
}"""


def pcso_pages(world) -> list[str]:
    """The HTML pages the sweep says the West PCSO may open (200), one per row and record."""
    client = Client()
    client.force_login(world.people["pcso"])
    pages = []
    for row in all_rows().values():
        if row.method != "get":
            continue
        for variant, text in row.cases():
            if statuses(text)["pcso"] != 200:
                continue
            url, data = row_url(row, world, variant)
            url = f"{url}?{urlencode(data)}" if data else url
            response = client.get(url)
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                pages.append(url)
    return list(dict.fromkeys(pages))


def test_every_pcso_page_in_welsh_fits_a_phone(browser, live_server):
    world = build_world()
    pcso = world.people["pcso"]
    running = patrol_services.start_patrol(officer=pcso)
    # The notice register with its longest Welsh status: "Wedi'i herio: gofynnwyd am wrandawiad".
    notice_services.request_hearing(user=pcso, notice=make_notice(pcso, "litter"))
    pages = [*pcso_pages(world), running.get_absolute_url()]
    assert len(pages) > 40  # the sweep's pages, not a handful
    page = new_phone_page(browser, live_server)
    log_in(page, pcso)
    page.get_by_role("button", name="Cymraeg").click()  # the language switch, as a reader uses it
    page.wait_for_load_state()
    overflowing, english = [], []
    for url in pages:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        if page.evaluate("document.documentElement.lang") != "cy":
            english.append(url)
        assert page.evaluate("window.innerWidth") == PHONE["width"]
        found = page.evaluate(OVERFLOW)
        if found:
            overflowing.append(f"{url}: {found}")
    assert (overflowing, english) == ([], [])
    page.context.close()
