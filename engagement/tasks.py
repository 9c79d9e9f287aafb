from celery import shared_task
from django.utils import timezone

from .services import diary as diary_services


@shared_task(acks_late=True)
def scan_group_contacts() -> int:
    """Write the reminders of community group contacts that have fallen due (idempotent)."""
    return diary_services.scan_group_contacts(now=timezone.now())
