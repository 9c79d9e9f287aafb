"""The one exporter every app's CSV goes through (pcso/exports.py)."""

import csv
import io

import pytest
from django.http import StreamingHttpResponse

from pcso import exports
from pcso.exports import Column, Export, safe_cell
from pcso.models import AuditEntry, Team
from tests.permtest.models import ScopedNote

pytestmark = pytest.mark.django_db


def read(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_safe_cell_quotes_text_a_spreadsheet_would_run():
    assert [safe_cell(v) for v in ["=SUM(A1)", "+44", "-1", "@cmd", "\tx", "Jane", "", 5, None]] == [
        "'=SUM(A1)",
        "'+44",
        "'-1",
        "'@cmd",
        "'\tx",
        "Jane",
        "",
        5,
        None,
    ]


@pytest.fixture
def team_export():
    export = exports.register(
        Export(name="test.teams", filename="teams.csv", model=Team, columns=[Column("a", "name")])
    )
    yield export
    exports.EXPORTS.pop(export.name)


@pytest.fixture
def note_export():
    export = exports.register(
        Export(
            name="test.notes",
            filename="notes.csv",
            model=ScopedNote,
            sensitive=True,
            columns=[Column("text", "text"), Column("author", lambda note: note.author.collar_number)],
        )
    )
    yield export
    exports.EXPORTS.pop(export.name)


def test_export_names_the_download_streams_and_guards_cells(rf, team_export, officer, team, other_team):
    team.name = "=1+1"
    team.save()
    request = rf.get("/")
    request.user = officer
    response = exports.response(request, "test.teams", Team.objects.all(), filters={"q": "x"})
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"] == 'attachment; filename="teams.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.has_header("Cache-Control") is False
    # Only the rows the user may see, whatever the view passed.
    assert read(response) == [["a"], ["'=1+1"]]
    entry = AuditEntry.objects.get(action="pcso.team.exported")
    assert (entry.actor, entry.changes) == (officer, {"rows": 1, "q": "x"})


def test_sensitive_export_is_marked_not_cached_and_audited_by_id(
    rf, note_export, officer, team, other_team, other_team_officer
):
    from django.contrib.auth.models import Group, Permission

    from pcso.models import Role

    Group.objects.get(name=Role.PCSO.label).permissions.add(
        *Permission.objects.filter(content_type__app_label="permtest")
    )
    mine = ScopedNote.objects.create(team=team, author=officer, text="@home")
    ScopedNote.objects.create(team=other_team, author=other_team_officer, text="theirs")
    request = rf.get("/")
    request.user = officer
    response = exports.response(request, "test.notes", ScopedNote.objects.order_by("pk"), filename="n.csv")
    assert (response["Cache-Control"], response["Content-Disposition"]) == (
        "no-store",
        'attachment; filename="n.csv"',
    )
    assert read(response) == [["OFFICIAL-SENSITIVE"], ["text", "author"], ["'@home", officer.collar_number]]
    entry = AuditEntry.objects.get(action="permtest.scopednote.exported")
    assert entry.changes == {"rows": 1, "ids": [mine.pk]}


def test_large_sensitive_export_is_audited_by_count_and_filter(rf, note_export, officer, team, settings):
    from django.contrib.auth.models import Group, Permission

    from pcso.models import Role

    Group.objects.get(name=Role.PCSO.label).permissions.add(
        *Permission.objects.filter(content_type__app_label="permtest")
    )
    for i in range(3):
        ScopedNote.objects.create(team=team, author=officer, text=f"n{i}")
    request = rf.get("/")
    request.user = officer
    limit = exports.MAX_AUDITED_IDS
    exports.MAX_AUDITED_IDS = 2
    try:
        response = exports.response(request, "test.notes", ScopedNote.objects.all(), filters={"q": "n"})
    finally:
        exports.MAX_AUDITED_IDS = limit
    assert len(read(response)) == 2 + 3
    entry = AuditEntry.objects.get(action="permtest.scopednote.exported")
    assert entry.changes == {"rows": 3, "q": "n"}


def test_apps_declare_their_exports():
    assert {name: e.sensitive for name, e in exports.EXPORTS.items() if not name.startswith("test.")} == {
        "patrols.patrols": False,
        "engagement.cases": True,
        "engagement.you_said_we_did": False,
        "intelligence.reports": True,
        "patrols.notices": True,  # declared on the model (issue 20, item 4)
        "patrols.notice_numbers": True,  # its model is sensitive too
    }


def test_safe_cell_quotes_a_formula_behind_blanks_or_in_full_width():
    values = [" =1+1", "\n@cmd", " \r\n-2", "\uff1dSUM(A1)", "\uff20x", "a = b", "  Jane"]
    assert [safe_cell(v) for v in values] == [
        "' =1+1",
        "'\n@cmd",
        "' \r\n-2",
        "'\uff1dSUM(A1)",
        "'\uff20x",
        "a = b",
        "  Jane",
    ]


def test_an_export_of_a_sensitive_model_is_sensitive_without_saying_so():
    """Declared once, on the model's scope: its exports are marked and audited by id."""
    undeclared = Export(name="test.undeclared", filename="n.csv", model=ScopedNote, columns=[])
    assert (undeclared.sensitive, Export(name="t", filename="t.csv", model=Team, columns=[]).sensitive) == (
        True,
        False,
    )
