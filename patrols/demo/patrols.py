"""Demo hotspots for both teams, and four weeks of patrols with their routes, activities and
hotspot visits. Idempotent: hotspots are kept by name, patrols only made once."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from pcso.models import Neighbourhood, Officer

from ..models import (
    ActivityKind,
    Hotspot,
    HotspotVisit,
    OfficerNeighbourhood,
    Patrol,
    PatrolActivity,
    PatrolPoint,
)
from ..queries.patrols import london


def _circle(lon: float, lat: float) -> dict:
    return {"type": "Point", "coordinates": [lon, lat]}


def _box(west: float, south: float, east: float, north: float) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [[[west, south], [east, south], [east, north], [west, north], [west, south]]],
    }


# team, neighbourhood code, name, area, radius, weekly target, source
HOTSPOTS = [
    ("City West NPT", "cl-temple", "Carter Lane Gardens", _circle(-0.1005, 51.5128), 80, 60, "ASB reports"),
    ("City West NPT", "cl-temple", "Ludgate Circus", _circle(-0.1045, 51.5140), 100, 45, "Street crime 2024"),
    (
        "City West NPT",
        "cl-farringdon",
        "Smithfield Market",
        _box(-0.1010, 51.5180, -0.0985, 51.5195),
        None,
        60,
        "Night-time economy",
    ),
    (
        "City East NPT",
        "cl-bishopsgate",
        "Liverpool Street station",
        _circle(-0.0823, 51.5178),
        120,
        90,
        "Street crime 2024",
    ),
    (
        "City East NPT",
        "cl-aldgate",
        "Aldgate bus station",
        _circle(-0.0760, 51.5135),
        80,
        60,
        "Community concern",
    ),
    (
        "City East NPT",
        "cl-aldgate",
        "Leadenhall Market",
        _box(-0.0845, 51.5120, -0.0825, 51.5132),
        None,
        45,
        "Shoplifting",
    ),
]
PCSOS = {"City West NPT": ["P3001", "P3002", "P3003"], "City East NPT": ["P3101", "P3102", "P3103"]}
SERGEANTS = {"City West NPT": "S2001", "City East NPT": "S2101"}
MODES = [Patrol.Mode.FOOT] * 6 + [Patrol.Mode.CYCLE] * 3 + [Patrol.Mode.VEHICLE]
KINDS = [k for k in ActivityKind if k != ActivityKind.OTHER]
DAYS = 28


def _own_neighbourhoods(officers) -> None:
    """Each demo PCSO's own neighbourhoods, as their sergeant would set them: the first PCSO of a
    team covers all of its neighbourhoods, the others one each."""
    for team_name, collars in PCSOS.items():
        areas = list(Neighbourhood.objects.filter(team=officers[SERGEANTS[team_name]].team).order_by("name"))
        for index, collar in enumerate(collars):
            mine = areas if index == 0 else [areas[index % len(areas)]]
            for area in mine:
                OfficerNeighbourhood.objects.get_or_create(
                    officer=officers[collar],
                    neighbourhood=area,
                    defaults={"assigned_by": officers[SERGEANTS[team_name]]},
                )


def load(officers: dict[str, Officer], stdout=None) -> None:
    _own_neighbourhoods(officers)
    hotspots = _hotspots(officers)
    pcsos = [officers[c] for collars in PCSOS.values() for c in collars]
    if Patrol.objects.filter(officer__in=pcsos).exists():
        return
    rng = random.Random(2026)
    now = timezone.now()
    today = timezone.localdate(now)
    made = 0
    for team_name, collars in PCSOS.items():
        sergeant = officers[SERGEANTS[team_name]]
        areas = list(Neighbourhood.objects.filter(team=sergeant.team))
        team_hotspots = hotspots[team_name]
        for collar in collars:
            made += _patrols_for(officers[collar], sergeant, areas, team_hotspots, today, now, rng)
    if stdout is not None:
        stdout.write(f"Patrols: {len(HOTSPOTS)} hotspots, {made} patrols.")


def _hotspots(officers) -> dict[str, list[Hotspot]]:
    teams = {officers[c].team.name: officers[c].team for c in SERGEANTS.values()}
    result: dict[str, list[Hotspot]] = {name: [] for name in teams}
    start = timezone.localdate() - timedelta(days=DAYS + 7)
    for team_name, code, name, area, radius, target, source in HOTSPOTS:
        team = teams[team_name]
        hotspot = Hotspot.objects.filter(team=team, name=name).first()
        if hotspot is None:
            hotspot = Hotspot.objects.create(
                team=team,
                neighbourhood=Neighbourhood.objects.get(code=code),
                name=name,
                geometry=area,
                radius_m=radius,
                weekly_target_minutes=target,
                active_from=start,
                source=source,
            )
        result[team_name].append(hotspot)
    return result


def _inside(area: Neighbourhood, rng) -> tuple[float, float]:
    ring = area.boundary["coordinates"][0]
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    return rng.uniform(min(lats), max(lats)), rng.uniform(min(lons), max(lons))


def _patrols_for(officer, sergeant, areas, hotspots, today: date, now: datetime, rng) -> int:
    tz = london()
    made = 0
    for back in range(DAYS, 0, -1):
        day = today - timedelta(days=back)
        if rng.random() > 0.6:
            continue
        start = datetime.combine(day, time(rng.randint(7, 19), rng.choice([0, 15, 30, 45])), tzinfo=tz)
        end = start + timedelta(minutes=rng.choice([60, 90, 120, 150, 180, 240]))
        if end > now:
            continue
        area = rng.choice(areas)
        status, reviewed, comment = Patrol.Status.ENDED, None, ""
        if back > 3:
            if rng.random() < 0.1:
                status, comment = Patrol.Status.RETURNED, "Please add the hotspot visits you mentioned."
            else:
                status, comment = Patrol.Status.APPROVED, rng.choice(["", "", "Good hotspot coverage."])
            reviewed = end + timedelta(hours=rng.randint(2, 20))
        patrol = Patrol.objects.create(
            officer=officer,
            team=officer.team,
            neighbourhood=area,
            mode=rng.choice(MODES),
            started_at=start,
            ended_at=end,
            summary=rng.choice(
                [
                    "Quiet patrol.",
                    "Spoke to traders about shoplifting.",
                    "Moved on a group at the station.",
                    "Reassurance patrol after burglaries.",
                    "",
                ]
            ),
            status=status,
            reviewed_by=sergeant if reviewed else None,
            reviewed_at=reviewed,
            review_comment=comment,
        )
        made += 1
        points = []
        moment = start
        while moment < end:
            if rng.random() < 0.85:
                lat, lon = _inside(area, rng)
            else:  # now and then outside the team's area
                lat, lon = 51.525 + rng.uniform(0, 0.005), -0.12 + rng.uniform(0, 0.005)
            points.append(
                PatrolPoint(
                    patrol=patrol,
                    recorded_at=moment,
                    latitude=round(lat, 6),
                    longitude=round(lon, 6),
                    source=PatrolPoint.Source.GPS,
                )
            )
            moment += timedelta(minutes=20)
        PatrolPoint.objects.bulk_create(points)
        PatrolActivity.objects.bulk_create(
            PatrolActivity(
                patrol=patrol,
                kind=rng.choice(KINDS),
                at=start + timedelta(minutes=rng.randint(0, int((end - start).total_seconds() // 60))),
            )
            for _ in range(rng.randint(0, 3))
        )
        cursor = start + timedelta(minutes=10)
        visits = []
        for hotspot in rng.sample(hotspots, rng.randint(0, 2)):
            arrived = cursor + timedelta(minutes=rng.randint(0, 20))
            left = arrived + timedelta(minutes=rng.choice([5, 10, 15, 15, 20, 25]))
            if left > end:
                break
            visits.append(HotspotVisit(patrol=patrol, hotspot=hotspot, arrived_at=arrived, left_at=left))
            cursor = left
        HotspotVisit.objects.bulk_create(visits)
    return made
