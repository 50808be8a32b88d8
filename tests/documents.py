"""Helpers for the tests of documents made by a job (people.documents): queue one through
the page, let the (eager) Celery task run on commit, read the job page and download."""
from __future__ import annotations

import subprocess

from django.test import TestCase
from django.urls import reverse

from people.documents.models import DocumentJob


def job_of(response, board) -> DocumentJob:
    """The job a queuing request redirected to (asserts the redirect)."""
    assert response.status_code == 302, response.status_code
    prefix = reverse("people:document_job", args=["x"])[:-2]
    assert response["Location"].startswith(prefix), response["Location"]
    job_id = response["Location"][len(prefix):].strip("/")
    with board.tenant():
        return DocumentJob.objects.get(pk=job_id)


def queue(client, url, board, data=None):
    """POST ``url``; run the job's task (queued on commit) eagerly; return the job, reloaded."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, data or {})
    return job_of(response, board)


def download(client, job) -> bytes:
    """The finished job's page says so and offers the file; returns the PDF."""
    page = client.get(reverse("people:document_job", args=[job.pk]))
    assert page.status_code == 200 and "Klaar" in page.content.decode(), page.content.decode()[:2000]
    response = client.get(reverse("people:document_job_download", args=[job.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF")
    return content


def pdf_text(pdf: bytes, *layout: str) -> str:
    return subprocess.run(["pdftotext", *layout, "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def fetch_pdf(client, url, board, data=None) -> tuple[DocumentJob, bytes]:
    job = queue(client, url, board, data)
    return job, download(client, job)
