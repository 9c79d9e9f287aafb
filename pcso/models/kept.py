from django.db import models


class Generation(models.Model):
    """One generation of kept pages (pcso/fresh.py): moved on in the transaction of every change
    that the pages it keys may show, so that what Redis keeps is found again only while nothing
    has changed."""

    # "team:3", "officer:12", "shared" or "global".
    key = models.CharField(max_length=40, primary_key=True)
    value = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.key}={self.value}"
