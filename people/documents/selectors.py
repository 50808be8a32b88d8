"""Reads of document jobs: a job only for the user who asked for it, and only while the
kind's original access rule still lets them see it. Everything else is 404: a bad id, a
job of another organisation or another user, a right withdrawn since."""
from __future__ import annotations

import uuid

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404

from . import registry
from .models import DocumentJob


def get_document_job_for_user(user, job_id) -> DocumentJob:
    try:
        pk = uuid.UUID(str(job_id))
    except (TypeError, ValueError, AttributeError):
        raise Http404 from None
    if not getattr(user, "is_authenticated", False) or user.organisation_id is None:
        raise Http404
    job = (DocumentJob.objects.for_organisation(user.organisation_id)
           .filter(pk=pk, requested_by=user).first())
    if job is None:
        raise Http404
    try:
        registry.get(job.kind).check(user, job)
    except (PermissionDenied, ObjectDoesNotExist, LookupError):
        raise Http404 from None
    return job
