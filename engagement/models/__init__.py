from .diary import Action, CommunityGroup, Concern, ContactFrequency, DiaryEntry, PreferredContact
from .follow_ups import ContactAttempt, FollowUp
from .priorities import DiarySettings, Meeting, NeighbourhoodQuery, Priority
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
    "Action",
    "CommunityGroup",
    "Concern",
    "ContactFrequency",
    "DiaryEntry",
    "DiarySettings",
    "Meeting",
    "NeighbourhoodQuery",
    "PreferredContact",
    "Priority",
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
