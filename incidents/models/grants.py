"""django-guardian's direct foreign-key tables: a case shared with one teacher; confidential notes."""
from __future__ import annotations

from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from people.models import Organisation

from .cases import Case
from .timeline import ConfidentialNote


# --- django-guardian direct foreign-key tables (a case shared with one teacher; notes) ---
class _OrgFromObject:
    def save(self, *args, **kwargs):
        self.organisation_id = self.content_object.organisation_id
        super().save(*args, **kwargs)


class CaseUserObjectPermission(_OrgFromObject, UserObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")


class CaseGroupObjectPermission(_OrgFromObject, GroupObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")


class ConfidentialNoteUserObjectPermission(_OrgFromObject, UserObjectPermissionBase):
    content_object = models.ForeignKey(ConfidentialNote, on_delete=models.CASCADE)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")


class ConfidentialNoteGroupObjectPermission(_OrgFromObject, GroupObjectPermissionBase):
    content_object = models.ForeignKey(ConfidentialNote, on_delete=models.CASCADE)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
