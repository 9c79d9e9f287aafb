"""The data.police.uk files carried in the repository (intelligence/data/police-uk/, copied whole
from the published files), and small helpers for crime data tests."""

from datetime import date
from decimal import Decimal
from pathlib import Path

from intelligence.models import CrimeImport, CrimeRecord
from intelligence.services import crime_import

POLICE_UK = Path(__file__).resolve().parents[2] / "intelligence" / "data" / "police-uk"
MARCH_2024 = POLICE_UK / "street" / "2024-03-city-of-london-street.csv"
STREET_2016 = POLICE_UK / "2016-01" / "2016-01-city-of-london-street.csv"
OUTCOMES_2016 = POLICE_UK / "2016-01" / "2016-01-city-of-london-outcomes.csv"
SEARCHES_2016 = POLICE_UK / "2016-01" / "2016-01-city-of-london-stop-and-search.csv"


def import_path(path: Path, user=None) -> CrimeImport:
    return crime_import.import_file(user=user, data=path.read_bytes(), file_name=path.name)


def crime(
    neighbourhood, latitude, longitude, *, crime_type="Burglary", month=date(2024, 3, 1), place="Somewhere"
):
    """One imported record at a point, for ranking tests."""
    source = CrimeImport.objects.first() or CrimeImport.objects.create(kind="street", file_name="fixture.csv")
    number = CrimeRecord.objects.count()
    return CrimeRecord.objects.create(
        source=source,
        row_key=f"fixture-{number}",
        month=month,
        latitude=Decimal(latitude),
        longitude=Decimal(longitude),
        location=f"On or near {place}",
        place=place,
        crime_type=crime_type,
        neighbourhood=neighbourhood,
    )
