"""The demo's SQLite holds under concurrent writes (issue 17, item 7): with the settings'
SQLITE_OPTIONS (WAL, BEGIN IMMEDIATE, a busy timeout) eight threads that each read and
then write in one transaction all succeed; with SQLite's defaults the same load fails
with "database is locked" (so the test can fail)."""
from __future__ import annotations

import threading
import time

from django.conf import settings
from django.db import OperationalError
from django.db.backends.sqlite3.base import DatabaseWrapper

THREADS, WRITES = 8, 15


def _wrapper(path, options) -> DatabaseWrapper:
    return DatabaseWrapper({
        "ENGINE": "django.db.backends.sqlite3", "NAME": str(path), "OPTIONS": dict(options), "TIME_ZONE": None,
        "CONN_MAX_AGE": 0, "CONN_HEALTH_CHECKS": False, "AUTOCOMMIT": True, "ATOMIC_REQUESTS": False,
        "USER": "", "PASSWORD": "", "HOST": "", "PORT": "", "TEST": {},
    })


def _hammer(path, options) -> tuple[int, list[str]]:
    setup = _wrapper(path, options)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS hits (n INTEGER)")
    setup.close()
    errors: list[str] = []

    def work():
        db = _wrapper(path, options)
        try:
            for _ in range(WRITES):
                db.set_autocommit(False)  # as transaction.atomic() does: BEGIN <transaction_mode>
                try:
                    with db.cursor() as cursor:
                        cursor.execute("SELECT count(*) FROM hits")  # read first, like a request
                        time.sleep(0.003)  # ... then write, while the others do the same
                        cursor.execute("INSERT INTO hits (n) VALUES (1)")
                    db.commit()
                except OperationalError as error:
                    errors.append(str(error))
                    db.rollback()
                finally:
                    db.set_autocommit(True)
        except OperationalError as error:
            errors.append(str(error))
        finally:
            db.close()

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check = _wrapper(path, options)
    with check.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM hits")
        (count,) = cursor.fetchone()
    check.close()
    return count, errors


def test_concurrent_read_then_write_transactions_all_succeed_with_the_settings(tmp_path, django_db_blocker):
    with django_db_blocker.unblock():  # a database of its own, outside the test database
        count, errors = _hammer(tmp_path / "demo.sqlite3", settings.SQLITE_OPTIONS)
    assert errors == [] and count == THREADS * WRITES


def test_the_settings_turn_on_wal(tmp_path, django_db_blocker):
    with django_db_blocker.unblock():
        db = _wrapper(tmp_path / "wal.sqlite3", settings.SQLITE_OPTIONS)
        with db.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
        db.close()


def test_without_them_the_same_load_hits_database_is_locked(tmp_path, django_db_blocker):
    with django_db_blocker.unblock():
        count, errors = _hammer(tmp_path / "plain.sqlite3", {"timeout": 0.05})
    assert errors and all("locked" in e for e in errors)
    assert count < THREADS * WRITES
