"""Reads used in more than one place, one module per topic: patrols.py (weeks, hotspot dosage,
time in locality, patrol lists and the review queue), notices.py (the notice register, its
officers, per-officer counts, designations)."""
