from celery import shared_task
from django.utils import timezone

from .services import notices as notice_services


@shared_task(acks_late=True)
def expire_unpaid_notices() -> int:
    """Move notices whose time to pay ran out unpaid to "register as fine" or "refer to court"."""
    return notice_services.expire_unpaid(now=timezone.now())
