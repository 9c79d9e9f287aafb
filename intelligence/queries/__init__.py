"""Reads of the intelligence app used in more than one place, one module per topic:
reports.py (report lists, the review queue, search, retention reviews, dissemination) and
crime.py (published crime data: hotspot suggestions on a metric grid, types, months, points)."""
