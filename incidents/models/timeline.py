"""A case's timeline: typed entries (the step-change record among them), evidence, confidential notes."""
from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import TenantOwned

from ..vocab import transition_outcome_choices
from .cases import Case, IncidentCategory


class TimelineEntry(TenantOwned):
    """One typed record in a case's timeline. Never edited: a correction is a new entry
    that points to the one it corrects (``corrects``), and both stay visible.

    A step change (``kind == STEP_CHANGE``) is typed: ``from_step`` to ``step`` by
    ``transition`` of protocol ``protocol_key`` v``protocol_version``, by ``author`` at
    ``occurred_at``, and ``outcome``: what the protocol definition says that transition
    means. Readers (the report, the case page) use ``outcome``, never transition names.
    """

    STEP_CHANGE = "step_change"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=40)
    step = models.CharField(max_length=60)
    attrs = models.JSONField(default=dict, blank=True)
    text = models.TextField(blank=True)
    occurred_at = models.DateTimeField(_("wanneer"), default=timezone.now)
    recorded_at = models.DateTimeField(default=timezone.now)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    corrects = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="correction"
    )
    #: Written by the system (a step change), not by a person.
    is_system = models.BooleanField(default=False)
    incident_category = models.CharField(_("soort incident"), max_length=30, choices=IncidentCategory.choices, blank=True)
    is_serious = models.BooleanField(_("ernstig incident"), default=False)
    # The step change's own fields (empty for every other kind).
    from_step = models.CharField(max_length=60, blank=True)
    transition = models.CharField(max_length=60, blank=True)
    outcome = models.CharField(max_length=30, blank=True, choices=transition_outcome_choices)
    protocol_key = models.CharField(max_length=40, blank=True)
    protocol_version = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("tijdlijnregel")
        verbose_name_plural = _("tijdlijn")
        ordering = ["id"]
        indexes = [models.Index(fields=["organisation", "case", "kind"], name="entry_case_kind_idx")]
        constraints = [
            # A step change always says where from, by which transition, what it meant
            # and under which protocol version: the report can rely on it.
            models.CheckConstraint(
                condition=~models.Q(kind="step_change") | (
                    ~models.Q(from_step="") & ~models.Q(transition="") & ~models.Q(outcome="")
                    & ~models.Q(protocol_key="") & models.Q(protocol_version__isnull=False)
                ),
                name="entry_step_change_typed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.kind}@{self.step}"


def evidence_path(instance: Evidence, filename: str) -> str:
    # Random names: the stored path reveals neither the student nor the original file name.
    return f"evidence/{instance.organisation_id}/{uuid.uuid4().hex}"


class Evidence(TenantOwned):
    """A screenshot or document attached to an entry; served only through a checked view."""

    entry = models.ForeignKey(TimelineEntry, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=300)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bewijsstuk")
        verbose_name_plural = _("bewijsstukken")

    def __str__(self) -> str:
        return self.original_name


class ConfidentialNote(TenantOwned):
    """A note of the confidential adviser: visible to its author alone (a guardian grant),
    never in lists, exports or search."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("notitie"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("vertrouwelijke notitie")
        verbose_name_plural = _("vertrouwelijke notities")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{_('Vertrouwelijke notitie')} {self.pk}"
