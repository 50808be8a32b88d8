"""Survey rush: every simulated student submits the whole thermometer once with their own code.

Each user takes the next unused code from $RUSH_CODES, posts it with all 42 answers to the
anonymous API, and expects 201. One in ten then replays the same code and expects 409 (a
refreshed page, a double tap): a replay that stored a second response would show up in
check.py's counts. The run stops when every code has been submitted.
"""
from __future__ import annotations

import json
import os
import random
import threading
from pathlib import Path

from locust import HttpUser, between, events, task
from locust.exception import StopUser

ITEMS = [
    item["key"]
    for section in json.loads((Path(__file__).resolve().parents[2] / "monitoring/instrument/thermometer_v1.json").read_text())["sections"]
    for item in section["items"]
]
GENDERS = ["boy", "girl", "other", "prefer_not_to_say"]
REPLAY_SHARE = float(os.environ.get("RUSH_REPLAY_SHARE", "0.1"))

_lock = threading.Lock()
_codes: list[str] = []
_in_flight = 0


@events.init.add_listener
def _load_codes(environment, **_kwargs):
    _codes.extend(reversed(Path(os.environ["RUSH_CODES"]).read_text().split()))


@events.test_start.add_listener
def _stop_when_all_submitted(environment, **_kwargs):
    import gevent

    def watch():
        while True:
            gevent.sleep(0.5)
            with _lock:
                finished = not _codes and _in_flight == 0
            if finished:
                environment.runner.quit()
                return

    gevent.spawn(watch)


def next_code() -> str | None:
    global _in_flight
    with _lock:
        if not _codes:
            return None
        _in_flight += 1
        return _codes.pop()


def done_with_code() -> None:
    global _in_flight
    with _lock:
        _in_flight -= 1


class Student(HttpUser):
    wait_time = between(0.2, 1.0)

    @task
    def submit(self):
        code = next_code()
        if code is None:
            raise StopUser()
        try:
            self._submit(code)
        finally:
            done_with_code()

    def _submit(self, code: str) -> None:
        # Issue 11: the code only starts a session; the answers are sent with the session's
        # token, so no transaction writes both the code and the response.
        with self.client.post("/api/v1/thermometer/sessions/", json={"code": code}, name="start",
                              catch_response=True) as r:
            if r.status_code != 201:
                r.failure(f"{r.status_code}: {r.text[:200]}")
                return
            session = r.json()["session"]
        body = {"session": session, "gender": random.choice(GENDERS),
                "answers": {k: random.randint(0, 5) for k in ITEMS}}
        with self.client.post("/api/v1/thermometer/responses/", json=body, name="submit", catch_response=True) as r:
            if r.status_code != 201:
                r.failure(f"{r.status_code}: {r.text[:200]}")
        if random.random() < REPLAY_SHARE:
            with self.client.post("/api/v1/thermometer/sessions/", json={"code": code}, name="replay (expect 409)",
                                  catch_response=True) as r:
                if r.status_code == 409:
                    r.success()
                else:
                    r.failure(f"replay answered {r.status_code}")

