"""The patrol CSV (registered with pcso/exports.py when the app loads)."""

from django.utils import timezone

from pcso.exports import Column, Export, register

from .models import Patrol


def _when(value) -> str:
    return f"{timezone.localtime(value):%d/%m/%Y %H:%M}" if value else ""


register(
    Export(
        name="patrols.patrols",
        filename="patrols.csv",
        model=Patrol,
        columns=[
            Column("id", "pk"),
            Column("officer", "officer.full_name"),
            Column("collar number", "officer.collar_number"),
            Column("partner", "partner.full_name"),
            Column("team", "team.name"),
            Column("neighbourhood", "neighbourhood.name"),
            Column("mode", lambda p: p.get_mode_display()),
            Column("started", lambda p: _when(p.started_at)),
            Column("ended", lambda p: _when(p.ended_at)),
            Column("minutes", lambda p: p.minutes if p.ended_at else ""),
            Column("status", lambda p: p.get_status_display()),
            Column("activities", "activity_count"),
            Column("hotspot visits", "visit_count"),
            Column("summary", "summary"),
            Column("reviewed by", "reviewed_by.full_name"),
            Column("review comment", "review_comment"),
        ],
    )
)
