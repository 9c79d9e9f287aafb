"""Existing route points get the neighbourhood they lie in, in batches outside one long
transaction; every officer of a team starts with the team's neighbourhoods as their own (what
time in locality counted until now), for their sergeant to narrow."""

from django.db import migrations

from patrols import geo

BATCH = 2000


def classify_points(apps, schema_editor):
    Neighbourhood = apps.get_model("pcso", "Neighbourhood")
    PatrolPoint = apps.get_model("patrols", "PatrolPoint")
    areas = list(Neighbourhood.objects.order_by("pk").only("pk", "boundary"))
    last = 0
    while True:
        batch = list(
            PatrolPoint.objects.filter(pk__gt=last, neighbourhood__isnull=True)
            .order_by("pk")
            .only("pk", "latitude", "longitude")[:BATCH]
        )
        if not batch:
            return
        for point in batch:
            point.neighbourhood_id = geo.containing(float(point.latitude), float(point.longitude), areas)
        PatrolPoint.objects.bulk_update([p for p in batch if p.neighbourhood_id], ["neighbourhood"])
        last = batch[-1].pk


def assign_team_neighbourhoods(apps, schema_editor):
    Officer = apps.get_model("pcso", "Officer")
    Neighbourhood = apps.get_model("pcso", "Neighbourhood")
    OfficerNeighbourhood = apps.get_model("patrols", "OfficerNeighbourhood")
    by_team = {}
    for neighbourhood in Neighbourhood.objects.only("pk", "team_id"):
        by_team.setdefault(neighbourhood.team_id, []).append(neighbourhood.pk)
    rows = [
        OfficerNeighbourhood(officer_id=officer.pk, neighbourhood_id=pk)
        for officer in Officer.objects.filter(team__isnull=False, is_active=True).only("pk", "team_id")
        for pk in by_team.get(officer.team_id, [])
    ]
    OfficerNeighbourhood.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("patrols", "0002_dose_cap_and_own_neighbourhoods")]

    operations = [
        migrations.RunPython(classify_points, migrations.RunPython.noop),
        migrations.RunPython(assign_team_neighbourhoods, migrations.RunPython.noop),
    ]
