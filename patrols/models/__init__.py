from .hotspot import Hotspot, HotspotVisit
from .patrol import ActivityKind, Patrol, PatrolActivity, PatrolPoint

__all__ = ["ActivityKind", "Hotspot", "HotspotVisit", "Patrol", "PatrolActivity", "PatrolPoint"]
