"""The repository stands on its own: nothing under tests/ or the apps reads the shared folder
beside the repository (which a development machine may have); the published data the tests and the
demo use is carried inside the repository (intelligence/data/police-uk/)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODE = ["tests", "pcso", "engagement", "patrols", "intelligence", "bin", "bench", "templates"]
# The folder's name in its written forms ("..", "/" and its name; a parent path), spelt in pieces
# so that this file is not itself a reader of it.
NAME = "sha" + "red"
OUTSIDE = re.compile(rf"\.\./{NAME}|parents?\[\d\]\s*\.parent|/ \"{NAME}\"|'{NAME}' /|\"{NAME}\" /")


def test_no_test_or_code_path_reads_the_folder_beside_the_repository():
    found = []
    for folder in CODE:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in (".py", ".html", ".txt", ".mjs", ".js", ".sh") or not path.is_file():
                continue
            if path == Path(__file__):
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if OUTSIDE.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []


def test_the_published_sample_is_in_the_repository_with_its_licence():
    sample = ROOT / "intelligence" / "data" / "police-uk"
    files = sorted(str(p.relative_to(sample)) for p in sample.rglob("*.csv"))
    assert files == [
        "2016-01/2016-01-city-of-london-outcomes.csv",
        "2016-01/2016-01-city-of-london-stop-and-search.csv",
        "2016-01/2016-01-city-of-london-street.csv",
        "street/2024-03-city-of-london-street.csv",
    ]
    assert sum(p.stat().st_size for p in sample.rglob("*")) < 500_000
    assert "Open Government Licence v3.0" in (sample / "README.md").read_text()
