from celery import shared_task
from django.utils import timezone

from . import auditchain, once, reminders


@shared_task(acks_late=True)
def deliver_due_reminders() -> int:
    return reminders.deliver_due(now=timezone.now())


@shared_task(acks_late=True)
def seal_audit_trail() -> int:
    """Seal the audit entries written since the last run; returns how many were sealed."""
    return sum(seal.entry_count for seal in auditchain.seal())


@shared_task(acks_late=True)
def forget_form_keys() -> int:
    """Forget one-time form keys older than FORM_KEY_DAYS; returns how many."""
    return once.forget()
