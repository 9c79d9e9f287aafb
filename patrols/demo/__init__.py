"""Demo data, one module per topic: patrols.py (hotspots, officers' own neighbourhoods, four weeks
of patrols), notices.py (designations and notices in every state). load() is what the core's
demo_data command runs, registered here: the notices first, then the patrols."""

from __future__ import annotations

from pcso import demo
from pcso.models import Officer

from . import notices, patrols


def load(officers: dict[str, Officer], stdout=None) -> None:
    notices.load(officers, stdout)
    patrols.load(officers, stdout)


demo.register(load, order=10)
