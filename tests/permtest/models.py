"""Test-only models that prove the permission layer before any feature uses it."""

from django.conf import settings
from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from pcso.models import Team, TrackedModel
from pcso.scope import Scope


class ScopedNote(TrackedModel):
    """A team record like a victim case: team scope, shareable, sensitive reads audited."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=100)

    scope = Scope(team="team", shareable=True, sensitive=True)

    class Meta:
        permissions = [("review_scopednote", "Review a note")]

    def __str__(self):
        return self.text


class ScopedNoteUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(ScopedNote, on_delete=models.CASCADE)


class ScopedNoteGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(ScopedNote, on_delete=models.CASCADE)


class SupervisedNote(TrackedModel):
    """A record like an intelligence report: supervisors see the team's, others only their own."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=100)

    scope = Scope(team="team", visibility="supervised", owner="author", sensitive=True)

    def __str__(self):
        return self.text
