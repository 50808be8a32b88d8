"""Mixed load: 200 staff browse and log while a branch of 2,000 students fills in the thermometer.

* ``Staff`` (200 users, one per seeded account): log in once, then with a few seconds of
  reading between pages open the home page, their case list, a case page, log a signal
  (form, search is skipped: the pupils are chosen by id as the form posts them) and record
  a conversation in one of their cases. Teachers log signals and browse; they have no cases.
* ``Student`` (``LOAD_PHONES`` simulated phones, 100 by default): each takes the next
  unused code from the slips, and goes through the pages as a pupil does — code, about you,
  eight parts, thanks — with a short pause on every page. A phone that finished takes the
  next code, until every code was used.

Every request has its page name (so the statistics are per page) and counts as an error
unless it answered what a person would see: 200 for pages, 302/303 after a form.
"""
from __future__ import annotations

import json
import os
import random
import threading
from pathlib import Path

from locust import HttpUser, between, events, task
from locust.exception import StopUser

ROOT = Path(__file__).resolve().parents[2]
INSTRUMENT = json.loads((ROOT / "monitoring/instrument/thermometer_v1.json").read_text())
SECTIONS = [[item["key"] for item in section["items"]] for section in INSTRUMENT["sections"]]
GENDERS = ["boy", "girl", "other", "prefer_not_to_say"]

_lock = threading.Lock()
_codes: list[str] = []
_staff: list[dict] = []
_world: dict = {}
_done = {"students": 0}


@events.init.add_listener
def _load(environment, **_kwargs):
    _codes.extend(reversed(Path(os.environ["LOAD_CODES"]).read_text().split()))
    world = json.loads(Path(os.environ["LOAD_STAFF"]).read_text())
    _world.update(world)
    _staff.extend(reversed(world["staff"]))


@events.quitting.add_listener
def _report(environment, **_kwargs):
    print(f"students who sent the survey: {_done['students']}; codes left: {len(_codes)}")  # noqa: T201


def expect(response, *statuses):
    if response.status_code in statuses:
        response.success()
    else:
        response.failure(f"{response.status_code} (expected {statuses}): {response.text[:200]}")


class Page(HttpUser):
    """Requests as they reach gunicorn behind the TLS proxy of production.

    The app runs with its production settings (DEBUG off): secure cookies and HTTPS-only
    CSRF checks. The proxy that ends TLS is not part of the measurement, so each request
    carries its ``X-Forwarded-Proto: https`` header and the cookie jar forgets the Secure
    flag (the proxy's side of the connection is plain HTTP on 127.0.0.1).
    """

    abstract = True

    def on_start(self):
        self.client.headers["X-Forwarded-Proto"] = "https"

    def csrf(self) -> str:
        for cookie in self.client.cookies:
            cookie.secure = False
        return self.client.cookies.get("csrftoken", "")

    def page(self, url: str, name: str):
        self.csrf()
        with self.client.get(url, name=name, catch_response=True) as r:
            expect(r, 200)
        return r

    def form(self, url: str, data: dict, name: str, *statuses):
        with self.client.post(url, data={**data, "csrfmiddlewaretoken": self.csrf()}, name=name,
                              allow_redirects=False, catch_response=True,
                              headers={"Referer": self.host.replace("http://", "https://") + url}) as r:
            expect(r, *(statuses or (302, 303)))
        return r


class Staff(Page):
    fixed_count = int(os.environ.get("LOAD_STAFF_USERS", "200"))
    wait_time = between(2, 8)

    def on_start(self):
        super().on_start()
        with _lock:
            if not _staff:
                raise StopUser()
            self.me = _staff.pop()
        self.page("/inloggen/", "login page")
        self.form("/inloggen/", {"username": self.me["email"], "password": _world["password"]}, "log in")

    @task(3)
    def home(self):
        self.page("/", "home")

    @task(3)
    def case_list(self):
        if self.me["kind"] == "coordinator":
            self.page("/zaken/", "case list (coordinator)")
        else:
            self.page("/mijn-zaken/", "my cases")

    @task(3)
    def case_page(self):
        if self.me["cases"]:
            self.page(f"/zaken/{random.choice(self.me['cases'])}/", "case page")

    @task(1)
    def log_signal(self):
        self.page("/signalen/nieuw/", "signal form")
        target, bully = random.sample(_world["students"], 2)
        self.form("/signalen/nieuw/", {
            "branch": _world["branch"], "q": "", "action": "send",
            "description": "In de pauze uitgescholden bij de kluisjes; anderen lachten mee.",
            "place": "Kluisjesgang", "forms": ["verbal"], f"rol_{target}": "target", f"rol_{bully}": "bully",
        }, "log signal")

    @task(1)
    def record_conversation(self):
        if not self.me["cases"]:
            return
        case = random.choice(self.me["cases"])
        self.form(f"/zaken/{case}/vastleggen/", {
            "kind": "conversation", "attr_with": "target",
            "text": "Kort gesprek: hoe gaat het nu in de klas en in de groepsapp?",
        }, "record conversation")


class Student(Page):
    fixed_count = int(os.environ.get("LOAD_PHONES", "100"))
    wait_time = between(0.5, 1.5)

    def pause(self):
        self.wait()

    @task
    def survey(self):
        with _lock:
            code = _codes.pop() if _codes else None
        if code is None:
            raise StopUser()
        self.client.cookies.clear()
        self.client.headers["X-Forwarded-Proto"] = "https"
        self.page("/thermometer/", "thermometer: code")
        self.pause()
        self.form("/thermometer/", {"code": code}, "thermometer: send code")
        self.page("/thermometer/over-jou/", "thermometer: about you")
        self.pause()
        self.form("/thermometer/over-jou/", {"gender": random.choice(GENDERS)}, "thermometer: send about you")
        for number, keys in enumerate(SECTIONS, start=1):
            self.page(f"/thermometer/vragen/{number}/", "thermometer: part")
            self.pause()
            r = self.form(f"/thermometer/vragen/{number}/", {k: random.randint(0, 5) for k in keys},
                          "thermometer: send part" if number < len(SECTIONS) else "thermometer: send survey")
        self.page(r.headers.get("Location", "/thermometer/"), "thermometer: thanks")
        with _lock:
            _done["students"] += 1
