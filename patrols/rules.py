"""Who may do what to penalty notices and designations, beyond team scope. Each rule has its row
form, so lists agree with can()."""

from django.db.models import Exists, OuterRef, Q

from pcso.permissions import rule, supervises, teams_for

from .models import Designation


def _designated_rows(user, notices):
    designated = Designation.objects.filter(
        officer=user, offence=OuterRef("offence"), team_id=OuterRef("team")
    )
    return notices.filter(officer=user).filter(Exists(designated))


@rule("add", "patrols.fixedpenaltynotice", rows=_designated_rows)
def _notice_add(user, notice) -> bool:
    """An officer issues notices in their own name, only for offences designated to them."""
    return (
        user.pk == notice.officer_id
        and Designation.objects.filter(
            officer=user, offence_id=notice.offence_id, team_id=notice.team_id
        ).exists()
    )


@rule(
    "change",
    "patrols.fixedpenaltynotice",
    rows=lambda user, notices: notices.filter(Q(officer=user) | Q(team__in=teams_for(user, "review"))),
)
def _notice_change(user, notice) -> bool:
    """Payments and hearing requests are recorded by the issuing officer or the team's supervisors."""
    return user.pk == notice.officer_id or supervises(user, notice.team_id)


@rule(
    "add",
    "patrols.designation",
    rows=lambda user, designations: designations.filter(team__in=teams_for(user, "review")),
)
def _designation_add(user, designation) -> bool:
    """Powers are designated by a supervisor of the officer's team."""
    return supervises(user, designation.team_id)


@rule(
    "delete",
    "patrols.designation",
    rows=lambda user, designations: designations.filter(team__in=teams_for(user, "review")),
)
def _designation_delete(user, designation) -> bool:
    return supervises(user, designation.team_id)
