"""Reads of the engagement app used in more than one place, one module per topic: victims.py
(follow-ups due, reviewers, high-risk cases, finding a known victim) and diary.py (groups due
for contact, entries, "You said, we did", priorities, meetings, the query queue, the handover
pack, the diary's home panel)."""
