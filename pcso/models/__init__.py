from .audit import AuditEntry, AuditSeal
from .base import TrackedModel
from .bilingual import Bilingual, require_welsh, welsh_field
from .kept import Generation
from .once import FormKey
from .people import (
    Neighbourhood,
    Officer,
    Role,
    Team,
    TeamGroupObjectPermission,
    TeamUserObjectPermission,
)
from .reminders import Notification, Reminder

__all__ = [
    "AuditEntry",
    "AuditSeal",
    "Bilingual",
    "FormKey",
    "Generation",
    "Neighbourhood",
    "Notification",
    "Officer",
    "Reminder",
    "Role",
    "Team",
    "TeamGroupObjectPermission",
    "TeamUserObjectPermission",
    "TrackedModel",
    "require_welsh",
    "welsh_field",
]
