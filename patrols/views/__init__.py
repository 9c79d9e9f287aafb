"""Pages, one module per topic: patrols.py (patrols and their running controls, sign-off and the
review queue, hotspots and dosage, time in locality, officers' own neighbourhoods, the map and its
GeoJSON), notices.py (issuing a penalty notice, the notice and its payments, the register and its
export, designations); common.py holds what both use."""
