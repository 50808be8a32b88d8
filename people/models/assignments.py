"""Who holds which role where (the roles themselves: people.roles), and guardian grants on students."""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from ..roles import BRANCH_ROLES, ORGANISATION_ROLES, Role
from .school import Branch, Student
from .tenancy import Organisation, TenantOwned


class RoleAssignment(TenantOwned):
    """One role held by one person, at one branch or (board roles) for the whole organisation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("rol"), max_length=40, choices=Role.choices)
    branch = models.ForeignKey(
        Branch, on_delete=models.CASCADE, null=True, blank=True, related_name="role_assignments", verbose_name=_("vestiging")
    )

    class Meta:
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "branch"], name="role_assignment_unique",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(role__in=sorted(r.value for r in ORGANISATION_ROLES), branch__isnull=True)
                    | models.Q(role__in=sorted(r.value for r in BRANCH_ROLES), branch__isnull=False)
                ),
                name="role_assignment_scope_matches_role",
            ),
        ]

    def __str__(self) -> str:
        where = self.branch.name if self.branch_id else _("hele organisatie")
        return f"{self.get_role_display()} ({where})"

    def clean(self) -> None:
        self.check_same_organisation(self.branch)
        if self.role in ORGANISATION_ROLES and self.branch_id:
            raise ValidationError(_("Deze rol geldt voor de hele organisatie, niet voor één vestiging."))
        if self.role in BRANCH_ROLES and not self.branch_id:
            raise ValidationError(_("Kies de vestiging waar deze rol geldt."))


# --- django-guardian: direct foreign-key object permission tables --------------------
class StudentUserObjectPermission(UserObjectPermissionBase):
    """A grant on one student record to one user (e.g. a teacher involved in a case)."""

    content_object = models.ForeignKey(Student, on_delete=models.CASCADE)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")

    def save(self, *args, **kwargs):
        self.organisation_id = self.content_object.organisation_id
        super().save(*args, **kwargs)


class StudentGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Student, on_delete=models.CASCADE)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")

    def save(self, *args, **kwargs):
        self.organisation_id = self.content_object.organisation_id
        super().save(*args, **kwargs)
