"""Delivery with the real parts: a Celery worker process, the real Redis and PostgreSQL.

The clock is driven through the scan task's ``today`` argument (the database decides
what is due; the worker only runs the scan), so no sleeping for weeks.
"""
import datetime as dt
import os

import pytest
import redis
import time_machine
from django.db import connection

from config.celery import app as celery_app
from incidents.followups import followups_scan
from incidents.tasks import scan_followups
from people.models import Notification
from people.tasks import deliver_notifications
from people.tenancy import tenant_context
from tests.worker import Worker, sent_mails, wait_for

from .helpers import open_case, walk_to_monitoring

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

MONDAY = dt.datetime(2026, 10, 5, 10, tzinfo=dt.UTC)


def use_broker(url: str) -> None:
    """Point this process's Celery app at ``url`` (dropping pooled connections)."""
    celery_app.conf.broker_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def real_celery(tmp_path):
    redis_url = os.environ["REDIS_URL"]
    redis.Redis.from_url(redis_url).flushdb()
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    celery_app.conf.task_always_eager = False
    use_broker(redis_url)
    workers = []

    def make(slow_mail: float = 0) -> Worker:
        worker = Worker(database_name=connection.settings_dict["NAME"], broker_url=redis_url,
                        mail_dir=mail_dir, slow_mail=slow_mail)
        workers.append(worker)
        return worker

    yield make, mail_dir
    for worker in workers:
        worker.stop()
    celery_app.conf.task_always_eager = True
    use_broker(redis_url)


@pytest.fixture
def monitored(board):
    with time_machine.travel(MONDAY, tick=False):
        return walk_to_monitoring(board, open_case(board))


def notes(board, **filters):
    with tenant_context(board.organisation):
        return list(Notification.objects.filter(**filters).order_by("id"))


def test_reminder_overdue_alert_and_escalation_each_arrive_exactly_once(board, monitored, real_celery):
    make_worker, mail_dir = real_celery
    make_worker().start()
    org = str(board.organisation.pk)

    scan_followups.delay(today="2026-11-05", organisation_id=org)
    wait_for(lambda: len(sent_mails(mail_dir)) == 1)

    # Two scans of the same moment at once (a duplicate beat): nothing is sent twice.
    scan_followups.delay(today="2026-11-10", organisation_id=org)
    scan_followups.delay(today="2026-11-10", organisation_id=org)
    wait_for(lambda: len(sent_mails(mail_dir)) == 3)

    scan_followups.delay(today="2026-11-16", organisation_id=org)
    scan_followups.delay(today="2026-11-16", organisation_id=org)
    wait_for(lambda: len(sent_mails(mail_dir)) == 4)
    # Let any duplicate that might be in flight arrive before counting.
    wait_for(lambda: not notes(board, email_state="pending"), timeout=20)

    # (The notice of the case's signal itself was queued and sent while the case was built.)
    kinds = sorted(n.kind for n in notes(board) if n.kind.startswith("followup"))
    assert kinds == ["followup_escalation", "followup_overdue", "followup_overdue", "followup_reminder"]
    assert len(sent_mails(mail_dir)) == 4
    assert all(n.email_state == "sent" for n in notes(board))


def test_a_worker_killed_mid_delivery_delivers_after_restart(board, monitored, real_celery):
    make_worker, mail_dir = real_celery
    slow = make_worker(slow_mail=30)
    slow.start()
    with tenant_context(board.organisation):
        followups_scan(board.organisation.pk, today=dt.date(2026, 11, 5))  # queues the reminder
    wait_for(lambda: notes(board, email_state="sending"))
    slow.kill()  # mid-send: claimed, not sent, message not acknowledged
    assert sent_mails(mail_dir) == []

    make_worker().start()  # the message comes back after the visibility timeout
    wait_for(lambda: len(sent_mails(mail_dir)) == 1, timeout=60)
    wait_for(lambda: notes(board, email_state="sent"), timeout=20)
    assert len(sent_mails(mail_dir)) == 1


def test_with_redis_down_cases_still_move_and_notifications_go_out_when_it_is_back(board, real_celery):
    make_worker, mail_dir = real_celery
    use_broker("redis://127.0.0.1:9/0")  # nothing listens there: the broker is down
    with time_machine.travel(MONDAY, tick=False):
        case = walk_to_monitoring(board, open_case(board))
    assert case.step == "monitoring"
    with tenant_context(board.organisation):
        followups_scan(board.organisation.pk, today=dt.date(2026, 11, 10))
    pending = notes(board, email_state="pending")
    # Queued in the database: the overdue alert to mentor and coordinator, and the
    # coordinator's notice of the new signal (logging it did not hang on the broker).
    assert sorted(n.kind for n in pending) == ["followup_overdue", "followup_overdue", "signal_new"]

    use_broker(os.environ["REDIS_URL"])  # Redis is back
    make_worker().start()
    deliver_notifications.delay()  # what beat does every minute
    wait_for(lambda: len(sent_mails(mail_dir)) == 3, timeout=60)
    assert not notes(board, email_state="pending")
