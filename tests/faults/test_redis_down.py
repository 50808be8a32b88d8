"""Redis stopped for real: staff keep working, and the notifications go out once it is back.

While the real Redis server is shut down, the mentor logs a signal and the coordinator
opens the case and walks it to monitoring, all through the pages (Django's test client:
views, middleware, forms). Weeks later the follow-up scan finds the term overdue and queues
the alerts in the database; asking a worker to deliver fails quietly (no broker). Then
Redis is started again, a real Celery worker process starts (tests/worker.py) and the
deliver task (what beat sends every minute) e-mails every alert exactly once.
"""
from __future__ import annotations

import datetime as dt
import os

import pytest
import redis
from django.db import connection
from django.test import Client

from config.celery import app as celery_app
from incidents.followups import followups_scan
from incidents.models import Case, FollowUp, Signal
from people.models import Notification
from people.tasks import deliver_notifications
from tests.faults.conftest import redis_start, redis_stop, redis_up, require_fault_tests
from tests.worker import Worker, sent_mails, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def use_broker(url: str) -> None:
    celery_app.conf.broker_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def ok(response) -> None:
    assert response.status_code in (200, 302), (response.status_code, response.content[:500])
    if response.status_code == 200:
        assert "errorlist" not in response.content.decode(), response.content.decode()[:2000]


def record(client, case, kind, text="", **attrs) -> None:
    data = {"kind": kind, "text": text, **{f"attr_{k}": v for k, v in attrs.items()}}
    response = client.post(f"/zaken/{case.pk}/vastleggen/", data)
    ok(response)
    assert response.status_code == 302, response.content.decode()[:2000]


def step(client, case, transition, expected) -> None:
    ok(client.post(f"/zaken/{case.pk}/stap/", {"transition": transition, "expected_step": expected}))


def test_with_redis_stopped_staff_work_on_and_alerts_go_out_when_it_is_back(board, tmp_path):
    require_fault_tests("REDIS_URL")
    redis_url = os.environ["REDIS_URL"]
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    redis.Redis.from_url(redis_url).flushdb()
    celery_app.conf.task_always_eager = False
    use_broker(redis_url)
    worker = Worker(database_name=connection.settings_dict["NAME"], broker_url=redis_url, mail_dir=mail_dir)
    try:
        redis_stop()
        mentor, coordinator = client_for(board.mentor), client_for(board.coordinator)

        # --- the mentor logs a signal ----------------------------------------------------
        ok(mentor.get("/signalen/nieuw/"))
        ok(mentor.post("/signalen/nieuw/", {
            "branch": board.branch.pk, "q": "", "description": "Wordt uitgescholden bij de fietsenstalling.",
            "place": "Fietsenstalling", "forms": ["verbal"], f"rol_{board.student.pk}": "target",
            f"rol_{board.other_student.pk}": "bully", "action": "send",
        }))
        with board.tenant():
            signal = Signal.objects.get()

        # --- the coordinator opens the case and walks it to monitoring -------------------
        ok(coordinator.get("/signalen/"))
        ok(coordinator.post(f"/signalen/{signal.pk}/zaak-openen/", {f"s{signal.pk}-title": "Fietsenstalling"}))
        with board.tenant():
            case = Case.objects.get()
        ok(coordinator.get(f"/zaken/{case.pk}/"))
        record(coordinator, case, "conversation", "Gesprek met de gepeste leerling.", **{"with": "target"})
        record(coordinator, case, "conversation", "Gesprek met de pester.", **{"with": "bully"})
        step(coordinator, case, "record_agreements", "investigate")
        record(coordinator, case, "agreement", "Niet meer uitschelden.")
        record(coordinator, case, "head_of_department_informed")
        record(coordinator, case, "parents_informed", party="target_parents", method="telefoon")
        record(coordinator, case, "parents_informed", party="bully_parents", method="telefoon")
        step(coordinator, case, "start_monitoring", "agreements")
        with board.tenant():
            case.refresh_from_db()
            assert case.step == "monitoring"
            followup = FollowUp.objects.get(case=case, status="open")
        ok(coordinator.get(f"/zaken/{case.pk}/"))
        ok(coordinator.get("/termijnen/"))

        # --- the term runs out; the scan queues the alerts (the broker is still down) ----
        with board.tenant():
            followups_scan(board.organisation.pk, today=followup.due_on + dt.timedelta(days=7))
            pending = list(Notification.objects.filter(email_state="pending"))
        # The overdue alert to the mentor (owner) and the coordinator, the escalation to the board
        # (next to the notices of the new signal, queued while the broker was down too).
        assert sorted(n.kind for n in pending if n.kind.startswith("followup")) == [
            "followup_escalation", "followup_overdue", "followup_overdue"]
        ok(mentor.get("/berichten/"))
        assert not redis_up()
    finally:
        redis_start()

    # --- Redis is back: a worker and the periodic deliver task send everything ------------
    try:
        use_broker(redis_url)
        worker.start()
        deliver_notifications.delay()
        wait_for(lambda: len(sent_mails(mail_dir)) == len(pending), timeout=60)
        with board.tenant():
            wait_for(lambda: not Notification.objects.filter(email_state__in=("pending", "sending")).exists(), timeout=20)
            assert set(Notification.objects.values_list("email_state", flat=True)) == {"sent"}
        deliver_notifications.delay()  # the next beat: nothing is sent twice
        with board.tenant():
            wait_for(lambda: not Notification.objects.filter(email_state__in=("pending", "sending")).exists(), timeout=20)
        assert len(sent_mails(mail_dir)) == len(pending)
    finally:
        worker.stop()
        celery_app.conf.task_always_eager = True
        use_broker(redis_url)
