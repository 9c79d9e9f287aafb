"""Pages of the engagement app, one module per topic: victims.py (cases, victims, risk
assessments, follow-ups) and diary.py (the community diary, groups, priorities, meetings,
neighbourhood queries, "You said, we did", the handover pack); common.py holds what both use."""
