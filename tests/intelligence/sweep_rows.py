"""What each role gets from each intelligence URL (format: tests/test_url_sweep.py)."""

from .sweep_rows_crime import ROWS as CRIME_ROWS

ROWS = [*CRIME_ROWS]
