"""A real Celery worker process against the real Redis, for the tests whose point is delivery.

The worker runs ``celery -A config worker`` with tests/worker_settings.py: the same code
as production, a file-based e-mail backend the tests can read, and an optional delay in
sending (``PESTZAAK_TEST_SLOW_MAIL`` seconds) so a test can kill the worker mid-task.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend

ROOT = Path(__file__).resolve().parent.parent


class SlowFileEmailBackend(EmailBackend):
    def send_messages(self, email_messages):
        delay = float(os.environ.get("PESTZAAK_TEST_SLOW_MAIL", "0") or 0)
        if delay:
            time.sleep(delay)
        return super().send_messages(email_messages)


class Worker:
    def __init__(self, *, database_name: str, broker_url: str, mail_dir: Path, slow_mail: float = 0):
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database_name}",
            "CELERY_BROKER_URL": broker_url,
            "PESTZAAK_TEST_MAIL_DIR": str(mail_dir),
            "PESTZAAK_TEST_SLOW_MAIL": str(slow_mail),
        }
        self.log = mail_dir.parent / "worker.log"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> None:
        offset = self.log.stat().st_size if self.log.exists() else 0
        log = open(self.log, "ab")  # noqa: SIM115 - lives as long as the process
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-l", "info",
             "--without-heartbeat", "--without-gossip", "--without-mingle", "-n", f"test{os.getpid()}@%h"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited: {self.log.read_text()[-2000:]}")
            if b"ready." in self.log.read_bytes()[offset:]:
                return
            time.sleep(0.2)
        raise RuntimeError(f"worker did not start: {self.log.read_text()[-2000:]}")

    def kill(self) -> None:
        """SIGKILL: no chance to acknowledge or clean up, like a crashed machine."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def wait_for(predicate, timeout: float = 30, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("condition not reached in time")


def sent_mails(mail_dir: Path) -> list[str]:
    """Subjects of every e-mail the worker wrote."""
    subjects = []
    for path in sorted(mail_dir.glob("*.log")):
        for line in path.read_text(errors="replace").splitlines():
            if line.startswith("Subject: "):
                subjects.append(line[len("Subject: "):])
    return subjects
