"""Fault tests: the real PostgreSQL restarted, the real Redis stopped, a real worker killed.

They stop and start servers on this machine, so they only run when asked: in CI (``CI``
is set) or with ``PESTZAAK_FAULT_TESTS=1``, and only when the servers are local
(127.0.0.1 / localhost). Otherwise each test is skipped with the reason. The servers are
always brought back, also when a test fails.
"""
from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

LOCAL = {"127.0.0.1", "localhost", "::1"}


def _asked() -> bool:
    return bool(os.environ.get("CI")) or os.environ.get("PESTZAAK_FAULT_TESTS") == "1"


def require_fault_tests(url_env: str) -> None:
    if not _asked():
        pytest.skip("fault test: stops real servers; runs in CI or with PESTZAAK_FAULT_TESTS=1")
    if os.environ.get("PYTEST_XDIST_WORKER"):
        # Restarting PostgreSQL would cut the other test processes' connections.
        pytest.skip("fault test: restarts shared servers, so it runs alone (bin/test runs it after the parallel run)")
    host = urlparse(os.environ.get(url_env, "")).hostname
    if host not in LOCAL:
        pytest.skip(f"fault test: {url_env} must point at a server on this machine (got {host!r})")


def postgres_version() -> str:
    versions = sorted(p.name for p in Path("/etc/postgresql").glob("*") if p.is_dir())
    if not versions:
        pytest.skip("fault test: no local PostgreSQL cluster under /etc/postgresql")
    return versions[-1]


def wait_until(check, timeout: float = 30, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(interval)
    return False


def pg_ready() -> bool:
    return subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"]).returncode == 0


def redis_up() -> bool:
    return subprocess.run(["redis-cli", "-p", "6379", "ping"], capture_output=True, text=True).stdout.strip() == "PONG"


def redis_start() -> None:
    if redis_up():
        return
    Path("/var/lib/redis").mkdir(parents=True, exist_ok=True)
    Path("/var/log/redis").mkdir(parents=True, exist_ok=True)
    subprocess.run(["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379",
                    "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis", "--logfile", "/var/log/redis/ci.log"],
                   check=True)
    assert wait_until(redis_up), "Redis did not come back"


def redis_stop() -> None:
    subprocess.run(["redis-cli", "-p", "6379", "shutdown", "nosave"], capture_output=True)
    assert wait_until(lambda: not redis_up(), timeout=10), "Redis did not stop"
