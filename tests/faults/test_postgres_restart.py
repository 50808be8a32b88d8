"""PostgreSQL restarted while the app runs: the app recovers without being restarted.

The app is served by a real WSGI server in a thread (one thread, so one persistent
database connection, CONN_MAX_AGE raised to 600 s as in production; CONN_HEALTH_CHECKS is
on in config/settings.py). A staff member loads pages; PostgreSQL restarts (every
connection is cut); the next requests must succeed without restarting the app. With the
health check the connection is found dead at the start of the next request and replaced,
so even the first request after the restart is answered with 200; should it not be, it
must at least be a clean 500 page of our own (no traceback), and every later one 200.
"""
from __future__ import annotations

import subprocess
import threading
import urllib.error
import urllib.request
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections
from django.test import Client

from tests.faults.conftest import pg_ready, postgres_version, require_fault_tests, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class AppThread(threading.Thread):
    """The Django app on a real socket, one request at a time in this one thread."""

    def __init__(self):
        super().__init__(daemon=True)
        self.server: WSGIServer = make_server("127.0.0.1", 0, WSGIHandler(), handler_class=QuietHandler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.db = None

    def run(self):
        db = connections["default"]
        # Persistent connections as in production (the test settings use 0).
        db.settings_dict = {**db.settings_dict, "CONN_MAX_AGE": 600, "CONN_HEALTH_CHECKS": True}
        self.db = db
        self.server.serve_forever(poll_interval=0.1)
        db.close()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def get(url: str, session: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_the_app_recovers_from_a_postgres_restart_without_restarting(board):
    require_fault_tests("DATABASE_URL")
    version = postgres_version()
    client = Client()
    client.force_login(board.coordinator)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value

    app = AppThread()
    app.start()
    try:
        status, body = get(app.url + "/zaken/", session)
        assert status == 200 and "<h1" in body
        assert app.db.connection is not None  # kept open after the request: the test means something
        before = app.db.connection.get_backend_pid()

        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True)
        assert wait_until(pg_ready, timeout=60), "PostgreSQL did not come back"
        connection.close()  # this test's own connection was cut as well

        statuses = []
        for _ in range(5):
            status, body = get(app.url + "/zaken/", session)
            statuses.append(status)
            if status != 200:
                assert status in (500, 503) and "Traceback" not in body, body[:500]
        assert statuses[1:] == [200] * 4, statuses
        print(f"after the restart: {statuses}")  # noqa: T201 - shows in -s runs which case happened
        assert app.db.connection.get_backend_pid() != before  # a new connection, same process
    finally:
        app.stop()
        wait_until(pg_ready, timeout=60)
        connection.close()
