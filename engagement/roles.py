"""What each role may do with the victims' and the diary's models (pcso/roles.py keeps the roles),
and who takes over an officer's open work when their role or team changes."""

from pcso.roles import ADD, ALL, CHANGE, VIEW, grant, model_permissions
from pcso.services import handover

from .services.victims import reassign_open_follow_ups

# Victim work: a PCSO records victims, cases, assessments and contacts; supervisors also share
# cases with other teams. The risk matrix and Victims' Code figures are read by all, edited by
# administrators, who see no victim content.
VICTIM_WORK = [
    *model_permissions("engagement.victim", VIEW, ADD, CHANGE),
    *model_permissions("engagement.victimcase", VIEW, ADD, CHANGE, "close"),
    *model_permissions("engagement.riskassessment", VIEW, ADD),
    *model_permissions("engagement.followup", VIEW, ADD, CHANGE),
    *model_permissions("engagement.contactattempt", VIEW, ADD),
    *model_permissions("engagement.riskquestion", VIEW),
    *model_permissions("engagement.riskband", VIEW),
    *model_permissions("engagement.victimcodesettings", VIEW),
]
CASE_SUPERVISION = model_permissions("engagement.victimcase", "share", "assign")

# The community diary: PCSOs keep it (their own entries, their team's groups, queries and
# meetings); sergeants also set priorities; inspectors read. Victims' content stays out of it.
DIARY_MODELS = ("communitygroup", "diaryentry", "concern", "action", "meeting", "neighbourhoodquery")
DIARY_WORK = [
    *(name for model in DIARY_MODELS for name in model_permissions(f"engagement.{model}", VIEW, ADD, CHANGE)),
    *model_permissions("engagement.priority", VIEW),
    *model_permissions("engagement.diarysettings", VIEW),
]
DIARY_READ = [
    *(name for model in DIARY_MODELS for name in model_permissions(f"engagement.{model}", VIEW)),
    *model_permissions("engagement.priority", VIEW),
    *model_permissions("engagement.diarysettings", VIEW),
]

grant(
    pcso=[*VICTIM_WORK, *DIARY_WORK],
    sergeant=[
        *VICTIM_WORK,
        *CASE_SUPERVISION,
        *DIARY_WORK,
        *model_permissions("engagement.priority", ADD, CHANGE),
    ],
    inspector=[*VICTIM_WORK, *CASE_SUPERVISION, *DIARY_READ],
    administrator=[
        *model_permissions("engagement.riskquestion", *ALL),
        *model_permissions("engagement.riskband", VIEW, CHANGE),
        *model_permissions("engagement.victimcodesettings", VIEW, CHANGE),
        *model_permissions("engagement.diarysettings", VIEW, CHANGE),
    ],
)

# A victim's follow-ups go to the team the officer leaves, not with the officer.
handover(reassign_open_follow_ups)
