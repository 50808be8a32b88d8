"""The Celery worker killed (SIGKILL) in the middle of the follow-up scan: nothing lost, nothing twice.

Three school boards each have cases whose monitoring term ran out. One scan task goes
through the boards one by one (each board one transaction). A trigger in the test
database makes every new notification row slow (pg_sleep), so the scan takes seconds;
the worker is killed once the first board's alerts are committed and the next board's
are being written. The unacknowledged message comes back after the visibility timeout to
a new worker, which finishes the scan; the next beat's scan changes nothing. Every alert
exists exactly once and is e-mailed exactly once.
"""
from __future__ import annotations

import datetime as dt
import os

import psycopg2
import pytest
import redis
from django.db import connection

from config.celery import app as celery_app
from incidents.models import FollowUp
from incidents.tasks import scan_followups
from people.models import Notification
from people.tasks import deliver_notifications
from tests.conftest import make_board
from tests.faults.conftest import require_fault_tests
from tests.incidents.helpers import open_case, walk_to_monitoring
from tests.worker import Worker, sent_mails, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

BOARDS, CASES = 3, 4
PER_CASE = 3  # overdue alert to the mentor and the coordinator, escalation to the board coordinator
TABLE = Notification._meta.db_table


def use_broker(url: str) -> None:
    celery_app.conf.broker_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def sql(query: str, *params):
    """As the superuser of DATABASE_URL (the app role may not create triggers and sees one tenant)."""
    s = connection.settings_dict
    conn = psycopg2.connect(dbname=s["NAME"], user=s["USER"], password=s["PASSWORD"] or None,
                            host=s["HOST"], port=s["PORT"] or 5432)
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(query, params)
            return cursor.fetchall() if cursor.description else None
    finally:
        conn.close()


def committed() -> int:
    return sql(f"SELECT count(*) FROM {TABLE}")[0][0]  # the superuser sees every board's rows


def slow_inserts(seconds: float | None) -> None:
    if seconds is None:
        sql(f"DROP TRIGGER IF EXISTS fault_slow_insert ON {TABLE}")
        return
    sql(f"""CREATE OR REPLACE FUNCTION fault_slow_insert() RETURNS trigger AS $$
            BEGIN PERFORM pg_sleep({seconds}); RETURN NEW; END $$ LANGUAGE plpgsql""")
    sql(f"CREATE TRIGGER fault_slow_insert BEFORE INSERT ON {TABLE} FOR EACH ROW EXECUTE FUNCTION fault_slow_insert()")


def test_a_worker_killed_mid_scan_loses_nothing_and_sends_nothing_twice(board, tmp_path):
    require_fault_tests("REDIS_URL")
    redis_url = os.environ["REDIS_URL"]
    boards = [board] + [make_board(f"Stichting Fout {i}") for i in range(1, BOARDS)]
    for b in boards:
        for _ in range(CASES):
            walk_to_monitoring(b, open_case(b))
    with board.tenant():
        due = FollowUp.objects.filter(status="open").latest("due_on").due_on
    today = (due + dt.timedelta(days=7)).isoformat()
    expected = BOARDS * CASES * PER_CASE
    # Logging the signals notified their coordinators already: this test counts the scan's alerts.
    sql(f"DELETE FROM {TABLE}")

    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    redis.Redis.from_url(redis_url).flushdb()
    celery_app.conf.task_always_eager = False
    use_broker(redis_url)
    workers = []

    def worker() -> Worker:
        w = Worker(database_name=connection.settings_dict["NAME"], broker_url=redis_url, mail_dir=mail_dir)
        workers.append(w)
        return w

    try:
        slow_inserts(0.25)
        first = worker()
        first.start()
        scan_followups.delay(today=today)  # every organisation, as the beat sends it
        # Mid-scan: the first board's alerts are committed, the rest are not (yet).
        wait_for(lambda: 0 < committed() < expected, timeout=60, interval=0.05)
        first.kill()
        partial = committed()
        assert 0 < partial < expected, partial
        slow_inserts(None)

        worker().start()  # the scan's message returns after the visibility timeout (5 s)
        wait_for(lambda: committed() == expected, timeout=60)
        scan_followups.delay(today=today)  # the next beat: changes nothing
        deliver_notifications.delay()
        wait_for(lambda: len(sent_mails(mail_dir)) >= expected, timeout=90)
        wait_for(lambda: not sql(f"SELECT 1 FROM {TABLE} WHERE email_state IN ('pending', 'sending')"), timeout=30)
        deliver_notifications.delay()

        rows = sql(f"SELECT recipient_id, dedupe_key, email_state FROM {TABLE}")
        assert len(rows) == expected
        assert len({(r[0], r[1]) for r in rows}) == expected  # each alert once
        assert {r[2] for r in rows} == {"sent"}
        wait_for(lambda: not sql(f"SELECT 1 FROM {TABLE} WHERE email_state <> 'sent'"), timeout=10)
        assert len(sent_mails(mail_dir)) == expected  # each e-mail once
        for b in boards:
            with b.tenant():
                assert set(FollowUp.objects.values_list("status", flat=True)) == {"overdue"}
        print(f"killed with {partial} of {expected} alerts committed")  # noqa: T201
    finally:
        slow_inserts(None)
        for w in workers:
            w.stop()
        celery_app.conf.task_always_eager = True
        use_broker(redis_url)
