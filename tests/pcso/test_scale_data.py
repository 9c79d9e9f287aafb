"""scale_data writes its rows in SQL (pcso/scale.py and each app's scale.py): every column a
model requires must be in its INSERT, or the next model change breaks the benchmark's data."""

import importlib
import inspect
import re

from django.apps import apps
from django.db.models import NOT_PROVIDED

INSERT = re.compile(r"INSERT INTO (\w+)\s*\(([^)]*)\)", re.S)


def _inserts() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.scale")
        except ModuleNotFoundError:
            continue
        for table, columns in INSERT.findall(inspect.getsource(module)):
            found.setdefault(table, set()).update(c.strip() for c in columns.split(","))
    return found


def test_every_required_column_of_a_table_scale_data_fills_is_written():
    inserts = _inserts()
    assert {"patrols_patrol", "patrols_patrolpoint", "engagement_victimcase", "pcso_auditentry"} <= set(
        inserts
    )
    missing = {}
    for model in apps.get_models():
        table = model._meta.db_table
        if table not in inserts:
            continue
        required = {
            field.column
            for field in model._meta.concrete_fields
            if not field.null and not field.primary_key and field.db_default is NOT_PROVIDED
        }
        if required - inserts[table]:
            missing[table] = sorted(required - inserts[table])
    assert missing == {}
