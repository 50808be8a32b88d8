"""The prevention register per branch and school year, and report jobs (board reports).

Imported into monitoring.models with one line, so the models belong to the monitoring app.
"""
from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import Branch, SchoolYear, TenantOwned

from .vocab import MEASURES, programme_choices

__all__ = ["PreventionRegister", "PreventionMeasure", "ProgrammeUse", "ReportJob"]

TEXT_MAX = 4000


class PreventionRegister(TenantOwned):
    """What a branch does to prevent bullying in one school year, and its PDCA evaluation."""

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="+", verbose_name=_("vestiging"))
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+", verbose_name=_("schooljaar"))
    # "check" would shadow Model.check(): every PDCA field carries the suffix.
    plan_text = models.TextField(_("Plan"), blank=True)
    do_text = models.TextField(_("Do"), blank=True)
    check_text = models.TextField(_("Check"), blank=True)
    act_text = models.TextField(_("Act"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("preventieregister")
        verbose_name_plural = _("preventieregisters")
        constraints = [
            models.UniqueConstraint(fields=["branch", "school_year"], name="prevention_register_once_per_branch_year")
        ]

    def __str__(self) -> str:
        return f"{self.branch_id}/{self.school_year_id}"


class PreventionMeasure(TenantOwned):
    """One of the eleven general measures (seed 000 §3.1): in place or not, and how."""

    register = models.ForeignKey(PreventionRegister, on_delete=models.CASCADE, related_name="measures")
    key = models.CharField(max_length=40, choices=[(k, label) for k, label, _d in MEASURES])
    #: None: not filled in yet.
    in_place = models.BooleanField(_("aanwezig"), null=True, blank=True)
    how = models.TextField(_("hoe"), blank=True)

    class Meta:
        verbose_name = _("preventieve maatregel")
        verbose_name_plural = _("preventieve maatregelen")
        constraints = [models.UniqueConstraint(fields=["register", "key"], name="prevention_measure_once")]

    def __str__(self) -> str:
        return self.key


class ProgrammeUse(TenantOwned):
    """A programme the branch runs (seed 000 §3.2), with who and when."""

    register = models.ForeignKey(PreventionRegister, on_delete=models.CASCADE, related_name="programmes")
    programme = models.CharField(_("programma"), max_length=40, choices=programme_choices())
    other_name = models.CharField(_("naam van het programma"), max_length=200, blank=True)
    who = models.CharField(_("voor en door wie"), max_length=300, blank=True)
    when = models.CharField(_("wanneer"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("programma")
        verbose_name_plural = _("programma's")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.other_name or self.programme


def report_path(instance: ReportJob, filename: str) -> str:
    # A random name: the path says nothing about the branch or the year.
    return f"reports/{instance.organisation_id}/{uuid.uuid4().hex}.pdf"


class ReportJob(TenantOwned):
    """A board report being rendered by a Celery task, with its progress and its file."""

    class Status(models.TextChoices):
        PENDING = "pending", _("In de wachtrij")
        RUNNING = "running", _("Wordt gemaakt")
        DONE = "done", _("Klaar")
        FAILED = "failed", _("Mislukt")

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    #: None: the whole organisation.
    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)])
    file = models.FileField(upload_to=report_path, null=True, blank=True, max_length=300)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("rapportopdracht")
        verbose_name_plural = _("rapportopdrachten")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{_('Rapport')} {self.pk}"
