"""Container health checks: ``python docker/healthcheck.py web|worker|beat`` exits 0 when healthy.

* web: the log-in page answers 200 (asked as the first allowed host, over "https" as
  the TLS proxy in front would say, so the SSL redirect does not answer instead);
* worker: the worker in this container answers Celery's ping;
* beat: this container's main process is Celery beat and the broker is reachable.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.request


def web() -> bool:
    hosts = [h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h.strip()]
    host = (hosts[0].lstrip(".") if hosts and hosts[0] != "*" else "") or "localhost"
    request = urllib.request.Request(
        "http://127.0.0.1:8000/inloggen/", headers={"Host": host, "X-Forwarded-Proto": "https"}
    )
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 (fixed local URL)
        return response.status == 200


def worker() -> bool:
    node = f"celery@{socket.gethostname()}"
    result = subprocess.run(
        ["celery", "-A", "config", "inspect", "ping", "--destination", node, "--timeout", "10"],
        capture_output=True, text=True, timeout=30,
    )
    return result.returncode == 0 and "pong" in result.stdout


def beat() -> bool:
    with open("/proc/1/cmdline", "rb") as f:
        if b"beat" not in f.read():
            raise RuntimeError("the main process is not celery beat")
    from kombu import Connection

    with Connection(os.environ["CELERY_BROKER_URL"], connect_timeout=5) as connection:
        connection.ensure_connection(max_retries=1)
    return True


if __name__ == "__main__":
    check = {"web": web, "worker": worker, "beat": beat}[sys.argv[1]]
    try:
        healthy = check()
    except Exception as exc:  # any failure means unhealthy; say why in `docker inspect`
        print(f"unhealthy: {exc}", file=sys.stderr)
        healthy = False
    sys.exit(0 if healthy else 1)
