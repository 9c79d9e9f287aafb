"""Forms of the engagement app, one module per topic: victims.py (victims, cases, risk
assessments, contacts, key events, sharing and assigning) and diary.py (groups, diary entries
with their concerns, actions, priorities, meetings, neighbourhood queries)."""
