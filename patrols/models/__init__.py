from .hotspot import Hotspot, HotspotVisit
from .locality import OfficerNeighbourhood
from .patrol import MAX_PATROL, ActivityKind, Patrol, PatrolActivity, PatrolPoint, elapsed

__all__ = [
    "MAX_PATROL",
    "OfficerNeighbourhood",
    "ActivityKind",
    "Hotspot",
    "HotspotVisit",
    "Patrol",
    "PatrolActivity",
    "PatrolPoint",
    "elapsed",
]
