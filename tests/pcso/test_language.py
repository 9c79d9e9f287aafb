"""English or Welsh: forces in Wales offer a Welsh interface. The language is chosen on the login
page or under any page, kept in a cookie, and the page says which language it is in."""

import ast
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from pcso.models import AuditEntry
from tests.factories import HotspotFactory, PatrolFactory, make_case


def test_login_page_in_welsh_after_choosing_cymraeg(client):
    page = client.get(reverse("login"))
    assert '<html lang="en-gb">' in page.content.decode()
    assert 'value="cy"' in page.content.decode()  # the switcher offers Cymraeg

    chosen = client.post(reverse("set_language"), {"language": "cy", "next": reverse("login")})
    assert (chosen.status_code, chosen["Location"]) == (302, reverse("login"))
    assert chosen.cookies["django_language"].value == "cy"
    assert chosen.cookies["django_language"]["httponly"] is True

    welsh = client.get(reverse("login")).content.decode()
    assert '<html lang="cy">' in welsh
    assert "Rhif coler neu rif staff" in welsh
    assert "Wedi anghofio eich cyfrinair?" in welsh
    assert 'value="en-gb"' in welsh  # and back to English


def test_navigation_in_welsh_for_a_logged_in_pcso(client_for, officer):
    client = client_for(officer)
    client.cookies["django_language"] = "cy"
    page = client.get(reverse("home")).content.decode()
    assert ">Fy niwrnod</a>" in page
    assert ">Patrolau</a>" in page
    assert f"Allgofnodi {officer.collar_number}" in page


def welsh(client):
    client.cookies["django_language"] = "cy"
    return client


def test_patrol_list_in_welsh_for_a_pcso(client_for, officer):
    PatrolFactory(officer=officer, neighbourhood=officer.team.neighbourhoods.get())
    page = welsh(client_for(officer)).get(reverse("patrols:patrol-list")).content.decode()
    assert '<h1 class="h3 me-auto mb-0">Patrolau</h1>' in page
    assert ">Cofnodi patrôl blaenorol</a>" in page
    assert ">Yn aros am adolygiad</span>" in page
    assert "0 gweithgaredd · 0 ymweliad â man problemus" in page
    assert "Record a past patrol" not in page


def test_running_patrol_speaks_welsh_from_its_scripts_too(client_for, officer):
    """The status line under the map is written by JavaScript: its words come from the page."""
    client = welsh(client_for(officer))
    patrol = PatrolFactory(officer=officer, ended_at=None, status="in_progress")
    page = client.get(patrol.get_absolute_url()).content.decode()
    assert 'data-text-finding="Yn chwilio amdanoch chi…"' in page
    assert 'data-text-denied="Ni rannwyd y lleoliad. Gallwch dapio\'r map yn lle hynny."' in page
    posted = client.post(
        reverse("patrols:patrol-point", args=[patrol.pk]),
        {"latitude": "51.5115", "longitude": "-0.103", "source": "gps"},
        HTTP_ACCEPT="application/json",
    )
    assert posted.json()["message"] == "Cofnodwyd 1 pwynt."
    HotspotFactory(team=officer.team, name="Gerddi", weekly_target_minutes=60)
    hotspots = client.get(reverse("patrols:map-hotspots")).json()["features"]
    assert [h["properties"]["detail"] for h in hotspots] == ["0 o 60 munud yr wythnos hon (0%), 0 ymweliad"]


def test_victim_case_list_in_welsh(client_for, officer):
    make_case(officer, victim_name="Jane Doe", reference="CAD-1001")
    page = welsh(client_for(officer)).get(reverse("engagement:case-list")).content.decode()
    assert '<h1 class="h3">Achosion dioddefwyr</h1>' in page
    assert ">Achos dioddefwr newydd</a>" in page
    assert ">SWYDDOGOL-SENSITIF</p>" in page  # the protective marking
    assert ">Heb ei asesu</span>" in page
    assert "Jane Doe · Ymddygiad gwrthgymdeithasol" in page
    assert "Victim cases" not in page
    # The audit trail names the reader in one language, whatever the page's.
    listed = AuditEntry.objects.get(action="engagement.victimcase.listed")
    assert listed.actor_label == f"PCSO {officer.full_name} ({officer.collar_number})"


def test_sergeant_home_page_in_welsh(client_for, officer, sergeant):
    PatrolFactory(officer=officer, neighbourhood=officer.team.neighbourhoods.get())
    page = welsh(client_for(sergeant)).get(reverse("home")).content.decode()
    assert "Marcus Bell · Rhingyll · <a href=" in page
    assert "1 patrôl i'w adolygu</a>" in page
    assert "Camau dilynol dioddefwyr a wnaed mewn pryd (90 diwrnod)" in page
    assert "to review" not in page


def catalogue_entries(path: Path) -> list[dict[str, str]]:
    """Each message of a .po file: its msgid, msgid_plural, msgstr or msgstr[n], and its flags."""
    entries = []
    for block in path.read_text().split("\n\n"):
        entry, keyword = {"flags": ""}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] += line
            elif line.startswith('"'):
                entry[keyword] += ast.literal_eval(line)
            elif not line.startswith("#"):
                keyword, _, value = line.partition(" ")
                entry[keyword] = ast.literal_eval(value)
        entries.append(entry)
    return entries


def test_the_welsh_catalogue_is_complete():
    header, *messages = catalogue_entries(Path(settings.LOCALE_PATHS[0]) / "cy/LC_MESSAGES/django.po")
    assert "Plural-Forms: nplurals=6;" in header["msgstr"]  # zero, one, two, few (3), many (6), other
    assert len(messages) > 1000
    assert [m["msgid"] for m in messages if "fuzzy" in m["flags"]] == []
    translations = {
        m["msgid"]: [m.get(f"msgstr[{n}]") for n in range(6)] if "msgid_plural" in m else [m["msgstr"]]
        for m in messages
    }
    assert [msgid for msgid, texts in translations.items() if not all(texts)] == []
