"""Every officer of a team starts with the team's neighbourhoods as their own (what time in
locality counted until now), for their sergeant to narrow. One row per officer and neighbourhood:
a few thousand at most."""

from django.db import migrations


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
    OfficerNeighbourhood.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("patrols", "0005_dose_cap_and_own_neighbourhoods")]

    operations = [migrations.RunPython(assign_team_neighbourhoods, migrations.RunPython.noop)]
