from .hotspot import Hotspot, HotspotVisit
from .patrol import ActivityKind, Patrol, PatrolActivity, PatrolPoint, elapsed

__all__ = ["ActivityKind", "Hotspot", "HotspotVisit", "Patrol", "PatrolActivity", "PatrolPoint", "elapsed"]
