"""Forms, one module per topic: patrols.py (patrols entered or ended, activities, route points,
hotspot visits, review, hotspots, officers' own neighbourhoods), notices.py (issuing a notice,
payments, cancelling, designations, the register's filters)."""
