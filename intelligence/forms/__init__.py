"""Forms of the intelligence app, one module per topic: reports.py (the report, its subjects,
review, dissemination, retention) and crime.py (the data.police.uk upload, the choice of area and
period for hotspot suggestions)."""
