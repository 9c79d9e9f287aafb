from celery import shared_task
from django.utils import timezone

from . import reminders


@shared_task(acks_late=True)
def deliver_due_reminders() -> int:
    return reminders.deliver_due(now=timezone.now())
