"""CSV exports: one way to start the download and one guard against spreadsheet formulas."""

from __future__ import annotations

import csv
from typing import Any

from django.http import HttpResponse

# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula, prefixed with a quote so it shows as typed."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(filename: str) -> tuple[HttpResponse, Any]:
    """A CSV download named `filename`, and a writer for its rows."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response, csv.writer(response)
