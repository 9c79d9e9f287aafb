"""Writes, one module per topic: patrols.py (patrols, route points, activities, hotspot visits,
sign-off, hotspots, officers' own neighbourhoods), notices.py (designated powers, penalty notices,
payments, hearings, cancelling, the daily move of unpaid notices)."""
