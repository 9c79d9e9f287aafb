"""The patrol CSV (registered with pcso/exports.py when the app loads)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pcso.exports import Column, Export, register

from .models import FixedPenaltyNotice, NoticeNumber, Patrol


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


register(
    Export(
        name="patrols.notices",
        filename="penalty-notices.csv",
        model=FixedPenaltyNotice,
        columns=[
            Column(_("Number"), "reference"),
            Column(_("Kind"), "offence.kind"),
            Column(_("Offence"), "offence.display_wording"),
            Column(_("Issued"), lambda n: _when(n.issued_at)),
            Column(_("Officer"), "officer.full_name"),
            Column(_("Collar number"), "officer.collar_number"),
            Column(_("Team"), "team.name"),
            Column(_("Place"), "place"),
            Column(_("Recipient"), "recipient_name"),
            Column(_("Amount"), "amount"),
            Column(_("Early amount"), "early_amount"),
            Column(_("Early by"), lambda n: n.early_pay_by.isoformat() if n.early_pay_by else ""),
            Column(_("Pay by"), lambda n: n.pay_by.isoformat()),
            Column(_("Status"), lambda n: n.get_status_display()),
            Column(_("Fine"), "fine_amount"),
        ],
    )
)


register(
    Export(
        name="patrols.notice_numbers",
        filename="notice-numbers.csv",
        model=NoticeNumber,
        columns=[
            Column(_("Number"), "reference"),
            Column(_("State"), lambda n: n.get_state_display()),
            Column(_("Officer"), "officer.full_name"),
            Column(_("Collar number"), "officer.collar_number"),
            Column(_("Team"), "team.name"),
            Column(_("Held since"), lambda n: _when(n.held_since)),
            Column(_("Issued, spoilt or returned"), lambda n: _when(n.closed_at)),
            Column(_("Notice"), lambda n: n.notice.reference if n.notice_id else ""),
            Column(_("Why spoilt"), "spoilt_reason"),
        ],
    )
)
