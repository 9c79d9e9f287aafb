"""Writes of the intelligence app, one module per topic: reports.py (submit, review, grade,
disseminate, retention of intelligence reports), crime.py (a suggested crime cell made a patrols
hotspot) and crime_import.py (the import of data.police.uk files: crime, outcomes, stop and search)."""
