"""Protocol terms the system watches, the organisation's reminder policy, and calendar feeds of them."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import TenantOwned

from .cases import Case
from .timeline import TimelineEntry


class FollowUp(TenantOwned):
    """A protocol term the system watches: "four school weeks of monitoring", "the No Blame
    follow-up talk after 8–14 days". Created, completed and cancelled by
    incidents.followups.followups_sync from the protocol's deadline definitions."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        OVERDUE = "overdue", _("Te laat")
        DONE = "done", _("Afgerond")
        CANCELLED = "cancelled", _("Vervallen")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="followups")
    deadline_key = models.CharField(max_length=60)
    label_nl = models.CharField(max_length=200)
    label_en = models.CharField(max_length=200)
    owner_role = models.CharField(max_length=40)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="followups",
        verbose_name=_("eigenaar"),
    )
    step = models.CharField(max_length=60)
    #: The case's step visit (Case.step_entered_seq) a step term belongs to; 0 for terms
    #: started by a record that run across steps (the No Blame follow-up talk).
    visit_seq = models.BigIntegerField(default=0)
    started_by = models.ForeignKey(TimelineEntry, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    starts_on = models.DateField()
    due_on = models.DateField(_("uiterste datum"))
    explanation_nl = models.CharField(max_length=300, blank=True)
    explanation_en = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    completion_note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("termijn")
        verbose_name_plural = _("termijnen")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "deadline_key", "visit_seq", "started_by"],
                name="followup_once_per_term", nulls_distinct=False,
            )
        ]
        indexes = [
            # The scan reads only due rows of one organisation: its cost follows the due
            # follow-ups, not the history of done and cancelled ones.
            models.Index(fields=["organisation", "status", "due_on"], name="followup_due_idx"),
            models.Index(fields=["organisation", "owner", "status"], name="followup_owner_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.label_nl} ({self.due_on})"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.OVERDUE)


class FollowUpPolicy(TenantOwned):
    """When an organisation wants reminders and escalations (defaults when absent)."""

    reminder_school_days = models.PositiveSmallIntegerField(_("herinnering, schooldagen vooraf"), default=2)
    escalate_after_school_days = models.PositiveSmallIntegerField(
        _("escalatie naar de algemeen anti-pestcoördinator na … schooldagen te laat"), default=5
    )

    class Meta:
        verbose_name = _("termijnbeleid")
        verbose_name_plural = _("termijnbeleid")
        constraints = [models.UniqueConstraint(fields=["organisation"], name="one_followup_policy_per_org")]

    def __str__(self) -> str:
        return f"{self.reminder_school_days}/{self.escalate_after_school_days}"


class CalendarFeedToken(TenantOwned):
    """A secret, revocable address of one person's follow-up calendar (/agenda/<token>.ics).

    Only a SHA-256 hash of the token is stored: the address is shown once, when it is made.
    A person has at most one live token; making a new one revokes the old (incidents.ical)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("agendakoppeling")
        verbose_name_plural = _("agendakoppelingen")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(revoked_at__isnull=True), name="one_live_calendar_feed_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{_('Agendakoppeling')} {self.pk}"
