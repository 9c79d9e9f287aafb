"""Pages of the intelligence app, one module per topic: reports.py (intelligence reports: the
list, search, submit, review, dissemination, retention, the CSV export) and crime.py (published
crime data: the upload and its summary, hotspot suggestions, the dashboard map's points)."""
