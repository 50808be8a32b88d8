"""The retention policy of an organisation and the report of every retention run.

Imported into monitoring.models with one line, so the models belong to the monitoring app.
"""
from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import TenantOwned

__all__ = ["RetentionPolicy", "RetentionRun"]

#: Defaults; see monitoring.privacy.retention for the reasoning. The board confirms them
#: with its own privacy officer (FG) before relying on them.
DEFAULT_CASE_YEARS = 2
DEFAULT_STUDENT_YEARS = 2
MIN_YEARS = 1
MAX_YEARS = 20


class RetentionPolicy(TenantOwned):
    """How long an organisation keeps dossiers and student records after a student leaves."""

    case_years = models.PositiveSmallIntegerField(
        _("gesloten zaken bewaren, jaren na vertrek van de leerlingen"), default=DEFAULT_CASE_YEARS,
        validators=[MinValueValidator(MIN_YEARS), MaxValueValidator(MAX_YEARS)],
    )
    student_years = models.PositiveSmallIntegerField(
        _("leerlinggegevens bewaren, jaren na vertrek"), default=DEFAULT_STUDENT_YEARS,
        validators=[MinValueValidator(MIN_YEARS), MaxValueValidator(MAX_YEARS)],
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("bewaarbeleid")
        verbose_name_plural = _("bewaarbeleid")
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="one_retention_policy_per_org"),
            models.CheckConstraint(
                condition=models.Q(case_years__gte=MIN_YEARS, case_years__lte=MAX_YEARS,
                                   student_years__gte=MIN_YEARS, student_years__lte=MAX_YEARS),
                name="retention_years_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_years}/{self.student_years}"


class RetentionRun(TenantOwned):
    """The report of one retention run: what was removed, counted per kind.

    A scheduled run is claimed once per organisation and day (the unique constraint), so a
    duplicate beat or a retry does nothing twice. ``removed`` holds references and ids,
    never names."""

    class Trigger(models.TextChoices):
        SCHEDULED = "scheduled", _("Dagelijks")
        MANUAL = "manual", _("Handmatig")

    class Status(models.TextChoices):
        RUNNING = "running", _("Bezig")
        DONE = "done", _("Klaar")
        FAILED = "failed", _("Mislukt")

    run_on = models.DateField(_("datum"))
    trigger = models.CharField(max_length=10, choices=Trigger.choices, default=Trigger.SCHEDULED)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    case_years = models.PositiveSmallIntegerField()
    student_years = models.PositiveSmallIntegerField()
    cases = models.PositiveIntegerField(_("zaken"), default=0)
    entries = models.PositiveIntegerField(_("tijdlijnregels"), default=0)
    evidence_files = models.PositiveIntegerField(_("bewijsstukken"), default=0)
    letters = models.PositiveIntegerField(_("brieven"), default=0)
    followups = models.PositiveIntegerField(_("termijnen"), default=0)
    confidential_notes = models.PositiveIntegerField(_("vertrouwelijke notities"), default=0)
    signals = models.PositiveIntegerField(_("signalen"), default=0)
    talk_requests = models.PositiveIntegerField(_("gespreksverzoeken"), default=0)
    students_removed = models.PositiveIntegerField(_("leerlingen verwijderd"), default=0)
    students_anonymised = models.PositiveIntegerField(_("leerlingen geanonimiseerd"), default=0)
    #: {"cases": [reference, …], "signals": [id, …], "students_removed": [id, …], …}
    removed = models.JSONField(default=dict, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("bewaarronde")
        verbose_name_plural = _("bewaarrondes")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "run_on"], condition=models.Q(trigger="scheduled"),
                name="retention_run_once_per_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.run_on} ({self.get_trigger_display()})"

    COUNT_FIELDS = (
        "cases", "entries", "evidence_files", "letters", "followups", "confidential_notes",
        "signals", "talk_requests", "students_removed", "students_anonymised",
    )

    @property
    def total(self) -> int:
        return sum(getattr(self, name) for name in self.COUNT_FIELDS)
