"""The tenant (an organisation) and the abstract base of every row it owns."""
from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """A school board (schoolbestuur): the tenant.

    The primary key is a UUID so that a new tenant's id is known before its row is written:
    row-level security only lets a transaction write rows of the organisation it is set to.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(_("korte naam"), unique=True)
    email_domain = models.CharField(_("e-maildomein"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TenantQuerySet(models.QuerySet):
    def for_organisation(self, organisation: Organisation | uuid.UUID | str):
        org_id = getattr(organisation, "pk", organisation)
        return self.filter(organisation_id=org_id)


class TenantOwned(models.Model):
    """Abstract base of every tenant-owned row (see people.rls for the database wall)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_set",
        verbose_name=_("organisatie"),
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True

    def check_same_organisation(self, *related: models.Model | None) -> None:
        """Refuse links across tenants (the database cannot express this constraint)."""
        for obj in related:
            if obj is not None and getattr(obj, "organisation_id", None) != self.organisation_id:
                raise ValidationError(_("Dit hoort bij een andere organisatie."))
