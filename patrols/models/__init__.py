from .hotspot import Hotspot, HotspotVisit
from .locality import OfficerNeighbourhood
from .notice import (
    Designation,
    FixedPenaltyNotice,
    IdentityCheck,
    IfUnpaid,
    NoticeCounter,
    NoticeKind,
    NoticeNumber,
    OffenceType,
    Payment,
)
from .patrol import MAX_PATROL, ActivityKind, Patrol, PatrolActivity, PatrolPoint, elapsed

__all__ = [
    "MAX_PATROL",
    "OfficerNeighbourhood",
    "ActivityKind",
    "Designation",
    "FixedPenaltyNotice",
    "Hotspot",
    "HotspotVisit",
    "IdentityCheck",
    "IfUnpaid",
    "NoticeCounter",
    "NoticeKind",
    "NoticeNumber",
    "OffenceType",
    "Patrol",
    "PatrolActivity",
    "PatrolPoint",
    "Payment",
    "elapsed",
]
