from .follow_ups import ContactAttempt, FollowUp
from .risk import RiskAssessment, RiskBand, RiskQuestion, in_highest_band
from .settings import VictimCodeSettings
from .victims import (
    Category,
    ContactMethod,
    Victim,
    VictimCase,
    VictimCaseGroupObjectPermission,
    VictimCaseUserObjectPermission,
)

__all__ = [
    "Category",
    "ContactAttempt",
    "ContactMethod",
    "FollowUp",
    "RiskAssessment",
    "RiskBand",
    "RiskQuestion",
    "Victim",
    "VictimCase",
    "VictimCaseGroupObjectPermission",
    "VictimCaseUserObjectPermission",
    "VictimCodeSettings",
    "in_highest_band",
]
