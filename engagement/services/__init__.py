"""Writes of the engagement app, one module per topic: victims.py (victims and their cases, risk
assessments, follow-ups and their reminders, contact attempts, handing work over when an officer
leaves) and diary.py (community groups, diary entries with their concerns and actions,
priorities, PACT meetings, neighbourhood queries)."""
