"""A document job end to end with the real parts: the page queues it on commit, a real
Celery worker process takes it from the real Redis and renders it against PostgreSQL, and
the requester downloads the PDF it wrote (tests/worker.py)."""
from __future__ import annotations

import os

import pytest
import redis
from django.db import connection
from django.test import Client
from django.urls import reverse

from config.celery import app as celery_app
from people.documents.models import DocumentJob
from tests.documents import download, job_of, pdf_text
from tests.incidents.helpers import open_case, walk_to_monitoring
from tests.worker import Worker, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def use_broker(url: str) -> None:
    celery_app.conf.broker_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def real_worker(tmp_path, settings, monkeypatch):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = str(media)
    monkeypatch.setenv("DJANGO_PRIVATE_MEDIA_ROOT", str(media))  # the worker writes where we read
    redis_url = os.environ["REDIS_URL"]
    redis.Redis.from_url(redis_url).flushdb()
    (tmp_path / "mail").mkdir()
    celery_app.conf.task_always_eager = False
    use_broker(redis_url)
    worker = Worker(database_name=connection.settings_dict["NAME"], broker_url=redis_url, mail_dir=tmp_path / "mail")
    yield worker
    worker.stop()
    celery_app.conf.task_always_eager = True
    use_broker(redis_url)


def test_a_real_worker_renders_the_case_account_the_page_queued(board, real_worker):
    case = walk_to_monitoring(board, open_case(board))
    client = Client()
    client.force_login(board.management)
    response = client.post(reverse("incidents:case_account_pdf", args=[case.pk]))
    job = job_of(response, board)  # committed: the message is in Redis, nobody took it yet
    assert job.status == "queued"
    assert "In de wachtrij" in client.get(response["Location"]).content.decode()
    real_worker.start()

    def finished():
        with board.tenant():
            job.refresh_from_db()
        return job.status in ("done", "failed")

    wait_for(finished, timeout=60)
    assert (job.status, job.progress, job.error) == (DocumentJob.Status.DONE, 100, "")
    text = pdf_text(download(client, job))
    assert case.reference in text and "Stappen van het protocol" in text
