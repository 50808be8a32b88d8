"""The document job row. Imported into people.models with one line, so it belongs to people."""
from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models.tenancy import TenantOwned

__all__ = ["DocumentJob"]


def document_path(instance: DocumentJob, filename: str) -> str:
    # A random name: the path says nothing about the student, the case or the class.
    return f"documents/{instance.organisation_id}/{uuid.uuid4().hex}.pdf"


class DocumentJob(TenantOwned):
    """One document being made by a Celery task for one user: status, progress, file."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("In de wachtrij")
        RUNNING = "running", _("Wordt gemaakt")
        DONE = "done", _("Klaar")
        FAILED = "failed", _("Mislukt")

    #: A UUID, not a counter: a job's address tells nothing and cannot be guessed.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    #: The renderer's name in people.documents.registry ("case_account", "survey_slips" …).
    kind = models.CharField(max_length=40)
    #: Ids the renderer needs (never a code or other secret: this row and the broker keep it).
    params = models.JSONField(default=dict, blank=True)
    #: What the job page calls the document, e.g. "Verantwoording 2026-0012".
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)])
    file = models.FileField(upload_to=document_path, null=True, blank=True, max_length=300)
    #: The download's name, e.g. "verantwoording-2026-0012.pdf".
    filename = models.CharField(max_length=200, blank=True)
    #: Shown to the user when the job failed: plain Dutch, never a traceback.
    error = models.CharField(max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    #: When a worker took it: a job still running long after (its worker died) is taken again.
    claimed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    #: After this moment the beat task deletes the row and its file (settings.DOCUMENT_JOB_TTL).
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("documentopdracht")
        verbose_name_plural = _("documentopdrachten")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["expires_at"], name="document_job_expires")]

    def __str__(self) -> str:
        return self.title

    @property
    def running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
