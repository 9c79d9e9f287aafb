"""A force-sized data set for benchmarks: `manage.py scale_data --factor N [--long-history]`.

Factor 1 is 40 teams with a year of history; factor N is 40 × N teams, each officer's own history
the same at every factor. With --long-history the first team holds ten years instead of one.

The core makes the people (teams, their neighbourhoods, officers, groups and grants, as
sync_access would) with plain bulk_create on the base managers, which skip the per-row audit
signal; then each installed app with a `scale` module adds its records (`load(force)`), set-based
in SQL (INSERT … SELECT over generate_series, or for the biggest COPY, see Force.copy), joining
the temporary tables `scale_team` and `scale_officer` made here. Every app writes the audit
entries its records would have caused through `force.audit()`, in bulk, so the audit table is as
large as a real one.

Loading runs into an empty database: the secondary indexes and unique constraints of the tables
loaded are dropped first and built again at the end, and foreign-key triggers are off for the
load (session_replication_role), both far faster than row-by-row maintenance. The figures are
a fixed pattern (no randomness): two builds at one factor are the same.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.text import capfirst

from .models import (
    AuditEntry,
    Neighbourhood,
    Notification,
    Officer,
    Reminder,
    Role,
    Team,
    TeamGroupObjectPermission,
    TeamUserObjectPermission,
)
from .permissions import MEMBER, SUPERVISE
from .roles import group_name

TEAMS_PER_FACTOR = 40
TEAMS_PER_INSPECTOR = 5
SERGEANTS_PER_TEAM = 2
PCSOS_PER_TEAM = 8
LONG_HISTORY_YEARS = 10
# Every scale officer's password (benchmark logins only: the command refuses with DEBUG off).
PASSWORD = "scale-data-2026"
# A team's area: a box of this size (degrees) on a grid around London, split in two neighbourhoods.
BOX_LON, BOX_LAT = 0.02, 0.014
GRID_COLUMNS = 40


# Big statements run in this many pieces at once (the machine's cores).
PARTS = 2
# Memory for each index build after the load (PARTS builds at once).
INDEX_MEMORY = "1GB"


def session_settings() -> None:
    """For a bulk load: no wait for the disk at each commit, no foreign-key triggers (the data is
    made consistent by construction; needs a superuser, else the triggers stay on)."""
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET maintenance_work_mem = '256MB'")
        try:
            with transaction.atomic():
                cursor.execute("SET session_replication_role = replica")
        except DatabaseError:
            pass


def _execute(statement: str, params: dict) -> int:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def _copy(target: str, select: str, params: dict) -> int:
    """COPY the rows of select into target: read on a connection of its own, written on this one."""
    connection.ensure_connection()
    source = connection.get_new_connection(connection.get_connection_params())
    try:
        reader, writer = source.cursor(), connection.connection.cursor()
        with (
            reader.copy(f"COPY ({select}) TO STDOUT (FORMAT binary)", params) as out,
            writer.copy(target) as into,
        ):
            for block in out:
                into.write(block)
        return writer.rowcount
    finally:
        source.close()


def _in_thread(fn, *args):
    """Run fn on this thread's own connection (Django opens one per thread), then close it."""
    try:
        session_settings()
        return fn(*args)
    finally:
        connection.close()


@dataclass
class Force:
    """What an app's scale module builds on: the teams, their officers, and helpers for SQL."""

    factor: int
    long_history: bool
    now: datetime
    stdout: object
    # Teams: TEAMS_PER_FACTOR × factor unless given (a small force for the tests).
    teams: int | None = None
    # Big statements run in this many pieces at once, each on its own connection.
    parts: int = PARTS
    team_ids: list[int] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def sql(self, label: str, statement: str, params: dict | None = None, split: str | None = None) -> int:
        """Run one statement (parameters: %(now)s is the build's "now"), print its rows and time.
        With `split` (an integer SQL expression), the statement holds the marker {part} where a
        condition goes, and runs in PARTS pieces at once, each on its own connection."""
        started = time.monotonic()
        params = {"now": self.now, **(params or {})}
        if split is None:
            rows = _execute(statement, params)
        elif self.parts == 1:  # one connection (the tests: their transaction holds the force)
            rows = _execute(statement.replace("{part}", "true"), params)
        else:
            pieces = [
                statement.replace("{part}", f"mod({split}, {self.parts}) = {part}")
                for part in range(self.parts)
            ]
            with ThreadPoolExecutor(self.parts) as pool:
                rows = sum(pool.map(lambda piece: _in_thread(_execute, piece, params), pieces))
        self.counts[label] = self.counts.get(label, 0) + max(rows, 0)
        self.stdout.write(f"  {label:38} {rows:>11,} rows {time.monotonic() - started:7.1f} s")
        return rows

    def copy(self, label: str, table: str, columns: str, select: str, split: str | None = None) -> int:
        """Rows of `select` into `table` (its `columns`) by COPY: the SELECT's rows leave the
        server in binary (COPY … TO STDOUT) and come back through COPY … FROM STDIN, which writes
        them many to a page, cheaper than INSERT … SELECT writing them one by one, and the two
        halves run at once. The SELECT's types must be the columns' own (cast them). `split` and
        {part} as in sql()."""
        if self.parts == 1:  # one connection (the tests): a reader elsewhere would not see the rows
            return self.sql(label, f"INSERT INTO {table} ({columns}) {select.replace('{part}', 'true')}")
        started = time.monotonic()
        params = {"now": self.now}
        if split is None:
            pieces = [select]
        else:
            pieces = [
                select.replace("{part}", f"mod({split}, {self.parts}) = {part}") for part in range(self.parts)
            ]
        target = f"COPY {table} ({columns}) FROM STDIN (FORMAT binary)"
        if len(pieces) == 1:
            rows = _copy(target, pieces[0], params)
        else:
            with ThreadPoolExecutor(len(pieces)) as pool:
                rows = sum(pool.map(lambda piece: _in_thread(_copy, target, piece, params), pieces))
        self.counts[label] = self.counts.get(label, 0) + rows
        self.stdout.write(f"  {label:38} {rows:>11,} rows {time.monotonic() - started:7.1f} s")
        return rows

    @staticmethod
    def names_changed(model) -> str:
        """A sensitive record's created entry: every field name, no value (as pcso.audit writes it)."""
        names = {f.attname: "changed" for f in model._meta.concrete_fields if f.attname != "id"}
        return "'" + json.dumps(names).replace("'", "''") + "'::jsonb"

    def content_type(self, model) -> int:
        return ContentType.objects.get_for_model(model).pk

    def audit(
        self,
        label: str,
        *,
        model,
        action: str,
        source: str,
        at: str,
        actor: str,
        changes: str,
        cte: str = "",
        split: str | None = None,
    ) -> int:
        """Audit entries for rows of `source` (SQL after FROM, aliasing the record as r):
        `at`, `actor` (an officer id) and `changes` (jsonb) are SQL expressions over it, and so is
        `action` when it starts with "r." (else it is the last part of "<app>.<model>.<action>").
        `cte` (a WITH list, e.g. an INSERT … RETURNING) lets the records and their entries go in
        in one statement. Sensitive models are named by kind and number and keep changed field
        names only, as pcso.audit does."""
        meta = model._meta
        if getattr(model, "sensitive", False):
            represent = f"'{capfirst(meta.verbose_name)} #' || r.id"
        else:
            represent = "left(r.scale_repr, 200)"
        prefix = f"{meta.app_label}.{meta.model_name}."
        action_sql = f"%(prefix)s || {action}" if action.startswith("r.") else "%(prefix)s || %(action)s"
        return self.sql(
            f"audit {label}",
            f"""
            {"WITH " + cte if cte else ""}
            INSERT INTO pcso_auditentry (at, actor_id, actor_label, action, content_type_id, object_id,
                object_repr, changes, ip_address)
            SELECT {at}, a.officer_id, a.label, {action_sql}, %(ct)s, r.id::text, {represent}, {changes},
                   ('10.20.' || mod(a.officer_id, 250) || '.' || (1 + mod(a.officer_id, 200)))::inet
            FROM (SELECT * FROM {source}) r
            JOIN scale_officer a ON a.officer_id = {actor}
            """,  # noqa: S608 (the SQL is the app's own, not input)
            {"prefix": prefix, "action": action, "ct": self.content_type(model)},
            split=split,
        )


def _inspector_teams(team_count: int) -> list[list[int]]:
    return [
        list(range(start, min(start + TEAMS_PER_INSPECTOR, team_count)))
        for start in range(0, team_count, TEAMS_PER_INSPECTOR)
    ]


def _box(index: int) -> tuple[float, float, float, float]:
    west = -0.9 + (index % GRID_COLUMNS) * BOX_LON
    south = 51.2 + (index // GRID_COLUMNS) * BOX_LAT
    return west, south, west + BOX_LON, south + BOX_LAT


def _polygon(west: float, south: float, east: float, north: float) -> dict:
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [[[round(x, 6), round(y, 6)] for x, y in ring]]}


def build_people(force: Force) -> None:
    """Teams, neighbourhoods, officers, role and team groups and the team grants."""
    started = time.monotonic()
    team_count = force.teams or TEAMS_PER_FACTOR * force.factor
    password = make_password(PASSWORD)
    joined = force.now - timedelta(days=365 * (LONG_HISTORY_YEARS if force.long_history else 1) + 30)
    inspectors = Officer._base_manager.bulk_create(
        Officer(
            collar_number=f"I{number + 1:04d}",
            first_name="Inspector",
            last_name=f"Command {number + 1}",
            email=f"i{number + 1:04d}@scale.pcso.invalid",
            role=Role.INSPECTOR,
            password=password,
            date_joined=joined,
        )
        for number in range(len(_inspector_teams(team_count)))
    )
    teams = Team._base_manager.bulk_create(
        Team(name=f"Team {index + 1:04d} NPT", inspector=inspectors[index // TEAMS_PER_INSPECTOR])
        for index in range(team_count)
    )
    force.team_ids = [team.pk for team in teams]
    neighbourhoods = []
    for index, team in enumerate(teams):
        west, south, east, north = _box(index)
        middle = (west + east) / 2
        for half, (w, e) in enumerate([(west, middle), (middle, east)]):
            neighbourhoods.append(
                Neighbourhood(
                    team=team,
                    name=f"Team {index + 1:04d} {'west' if half == 0 else 'east'}",
                    code=f"sc-{index + 1:04d}-{half + 1}",
                    boundary=_polygon(w, south, e, north),
                    centre_latitude=round((south + north) / 2, 6),
                    centre_longitude=round((w + e) / 2, 6),
                )
            )
    Neighbourhood._base_manager.bulk_create(neighbourhoods)
    officers = []
    for index, team in enumerate(teams):
        for number in range(SERGEANTS_PER_TEAM + PCSOS_PER_TEAM):
            sergeant = number < SERGEANTS_PER_TEAM
            prefix = "S" if sergeant else "P"
            collar = f"{prefix}{index + 1:04d}{number + 1:02d}"
            officers.append(
                Officer(
                    collar_number=collar,
                    first_name="Sergeant" if sergeant else "Pcso",
                    last_name=f"{index + 1:04d}-{number + 1:02d}",
                    email=f"{collar.lower()}@scale.pcso.invalid",
                    role=Role.SERGEANT if sergeant else Role.PCSO,
                    team=team,
                    password=password,
                    date_joined=joined,
                )
            )
    officers = Officer._base_manager.bulk_create(officers)

    member = Permission.objects.get(content_type__app_label="pcso", codename=MEMBER)
    supervise = Permission.objects.get(content_type__app_label="pcso", codename=SUPERVISE)
    groups = Group.objects.bulk_create(Group(name=team.group_name) for team in teams)
    group_of = {team.pk: group for team, group in zip(teams, groups, strict=True)}
    TeamGroupObjectPermission.objects.bulk_create(
        TeamGroupObjectPermission(group=group_of[team.pk], content_object=team, permission=member)
        for team in teams
    )
    role_groups = {role: Group.objects.get(name=group_name(role)) for role in Role}
    Through = Officer.groups.through
    memberships = [Through(officer_id=o.pk, group_id=role_groups[o.role].pk) for o in officers + inspectors]
    memberships += [Through(officer_id=o.pk, group_id=group_of[o.team_id].pk) for o in officers]
    grants = [
        TeamUserObjectPermission(user=o, content_object_id=o.team_id, permission=supervise)
        for o in officers
        if o.role == Role.SERGEANT
    ]
    for inspector, indexes in zip(inspectors, _inspector_teams(team_count), strict=True):
        for index in indexes:
            memberships.append(Through(officer_id=inspector.pk, group_id=groups[index].pk))
            grants.append(
                TeamUserObjectPermission(user=inspector, content_object=teams[index], permission=supervise)
            )
    Through.objects.bulk_create(memberships)
    TeamUserObjectPermission.objects.bulk_create(grants)
    force.counts.update(teams=len(teams), officers=len(officers) + len(inspectors))
    force.stdout.write(
        f"  {'teams, officers, groups, grants':38} {len(officers) + len(inspectors):>11,} officers"
        f" {time.monotonic() - started:7.1f} s"
    )
    _scale_tables(force, teams, officers, inspectors, group_of)


def _scale_tables(force: Force, teams, officers, inspectors, group_of) -> None:
    """The temporary tables apps join: one row per team and per officer."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE UNLOGGED TABLE scale_team (
                team_id bigint PRIMARY KEY, idx int, years int, group_id int, next_group_id int,
                west float, south float, east float, north float,
                neighbourhood_ids bigint[], sergeant_id bigint, inspector_id bigint
            );
            CREATE UNLOGGED TABLE scale_officer (
                officer_id bigint PRIMARY KEY, team_id bigint, idx int, role text, label text
            );
            """
        )
        sergeant_of = {}
        for o in officers:
            if o.role == Role.SERGEANT:
                sergeant_of.setdefault(o.team_id, o.pk)
        neighbourhoods: dict[int, list[int]] = {}
        for pk, team_id in Neighbourhood.objects.order_by("pk").values_list("pk", "team_id"):
            neighbourhoods.setdefault(team_id, []).append(pk)
        rows = []
        for index, team in enumerate(teams):
            years = LONG_HISTORY_YEARS if force.long_history and index == 0 else 1
            following = teams[(index + 1) % len(teams)]
            rows.append(
                (
                    team.pk,
                    index,
                    years,
                    group_of[team.pk].pk,
                    group_of[following.pk].pk,
                    *_box(index),
                    neighbourhoods[team.pk],
                    sergeant_of[team.pk],
                    team.inspector_id,
                )
            )
        cursor.executemany(
            "INSERT INTO scale_team VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", rows
        )
        people = []
        for o in inspectors:
            people.append((o.pk, None, 0, o.role, str(o)))
        index_in_team: dict[int, int] = {}
        for o in officers:
            index_in_team[o.team_id] = index_in_team.get(o.team_id, -1) + 1
            people.append((o.pk, o.team_id, index_in_team[o.team_id], o.role, str(o)))
        cursor.executemany("INSERT INTO scale_officer VALUES (%s, %s, %s, %s, %s)", people)
        cursor.execute("ANALYZE scale_team; ANALYZE scale_officer")


def audit_people(force: Force) -> None:
    """What creating the teams and accounts wrote to the audit trail."""
    force.audit(
        "teams",
        model=Team,
        action="created",
        source="(SELECT t.id, t.name AS scale_repr, s.inspector_id FROM pcso_team t "
        "JOIN scale_team s ON s.team_id = t.id) r",
        at="%(now)s - interval '400 days' * 10",
        actor="r.inspector_id",
        changes="jsonb_build_object('name', jsonb_build_array(NULL, r.scale_repr))",
    )
    force.audit(
        "officers",
        model=Officer,
        action="access_changed",
        source="(SELECT officer_id AS id, label AS scale_repr FROM scale_officer) r",
        at="%(now)s - interval '400 days' * 10",
        actor="r.id",
        changes="""jsonb_build_object('groups', '[]'::jsonb, 'supervises', '[]'::jsonb)""",
    )


# Each app's part of the force, registered by its scale module (found by the scale_data command):
# load(force), and the models whose secondary indexes are dropped for the load and built again
# after it.
APP_LOADS: list[Callable[[Force], None]] = []
LOADED_MODELS: list = [AuditEntry, Reminder, Notification]


def register(load: Callable[[Force], None], *, models: list) -> Callable[[Force], None]:
    APP_LOADS.append(load)
    LOADED_MODELS.extend(models)
    return load


def loaded_tables() -> list[str]:
    """Tables whose secondary indexes are dropped for the load and built again after it."""
    return list(dict.fromkeys(model._meta.db_table for model in LOADED_MODELS))


def drop_secondary_indexes(force: Force, tables: list[str]) -> list[str]:
    """Drop the indexes no constraint needs on these tables, and their unique constraints that no
    foreign key relies on (a random key like a crime's row_key costs most to keep while loading);
    returns the statements that make them again."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT format('DROP INDEX %%I', i.indexname), i.indexdef
            FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)
            UNION ALL
            SELECT format('ALTER TABLE %%I DROP CONSTRAINT %%I', c.relname, k.conname),
                   format('ALTER TABLE %%I ADD CONSTRAINT %%I %%s', c.relname, k.conname,
                          pg_get_constraintdef(k.oid))
            FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
            WHERE k.contype = 'u' AND c.relname = ANY(%s) AND c.relnamespace = current_schema()::regnamespace
              AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = k.conindid)
            """,
            [tables, tables],
        )
        found = cursor.fetchall()
        for drop, _ in found:
            cursor.execute(drop)
    force.stdout.write(f"  dropped {len(found)} secondary indexes and unique constraints for the load")
    return [definition for _, definition in found]


def create_indexes(force: Force, definitions: list[str]) -> None:
    """Build the indexes again, PARTS at a time, those of the biggest tables first (so that the
    builders finish together), each sorting in memory where it can."""
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, pg_relation_size(oid) FROM pg_class WHERE relkind = 'r' "
            "AND relnamespace = current_schema()::regnamespace"
        )
        sizes = dict(cursor.fetchall())

    def size(definition: str) -> int:
        words = definition.replace('"', "").split()
        table = (
            words[words.index("ON") + 1] if "ON" in words else words[2]
        )  # CREATE INDEX … ON t / ALTER TABLE t
        return sizes.get(table.rsplit(".", 1)[-1], 0)

    ordered = sorted(definitions, key=size, reverse=True)
    with ThreadPoolExecutor(force.parts) as pool:
        list(
            pool.map(
                lambda definition: _in_thread(
                    _execute, f"SET maintenance_work_mem = '{INDEX_MEMORY}'; {definition}", None
                ),
                ordered,
            )
        )
    force.stdout.write(
        f"  {'rebuilt secondary indexes':38} {len(definitions):>11,} idx  {time.monotonic() - started:7.1f} s"
    )


def drop_scale_tables() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS scale_team, scale_officer")


def vacuum(force: Force, tables: list[str]) -> None:
    """Set the visibility map and statistics, as autovacuum would soon after a load."""
    started = time.monotonic()
    with ThreadPoolExecutor(PARTS) as pool:
        list(pool.map(lambda table: _in_thread(_execute, f'VACUUM (ANALYZE) "{table}"', None), tables))
    _execute("ANALYZE", None)  # and the small tables (teams, officers, grants)
    force.stdout.write(
        f"  {'vacuum and analyze':38} {len(tables):>11,} tables {time.monotonic() - started:5.1f} s"
    )


def now() -> datetime:
    return timezone.now().replace(second=0, microsecond=0)
