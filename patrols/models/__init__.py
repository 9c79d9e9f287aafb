from .hotspot import Hotspot, HotspotVisit
from .patrol import MAX_PATROL, ActivityKind, Patrol, PatrolActivity, PatrolPoint, elapsed

__all__ = [
    "MAX_PATROL",
    "ActivityKind",
    "Hotspot",
    "HotspotVisit",
    "Patrol",
    "PatrolActivity",
    "PatrolPoint",
    "elapsed",
]
