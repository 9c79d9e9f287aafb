"""English or Welsh: forces in Wales offer a Welsh interface. The language is chosen on the login
page or under any page, kept in a cookie, and the page says which language it is in."""

from django.urls import reverse


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
