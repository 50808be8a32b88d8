"""config/gunicorn.conf.py under a real gunicorn: GUNICORN_ACCESSLOG is honoured."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve_one_request(tmp_path: Path, accesslog: str) -> subprocess.CompletedProcess:
    port = _free_port()
    env = {**os.environ, "GUNICORN_ACCESSLOG": accesslog, "GUNICORN_BIND": f"127.0.0.1:{port}",
           "GUNICORN_WORKERS": "1", "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_DEBUG": "1"}
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "config.wsgi", "-c", "config/gunicorn.conf.py"],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/static/nothing-here.css?code=ABCD2345EFGH", timeout=5)
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(server.stderr.read())
                time.sleep(0.3)
        time.sleep(0.5)
    finally:
        server.terminate()
        out, err = server.communicate(timeout=30)
    return subprocess.CompletedProcess(server.args, server.returncode, out, err)


def test_it_writes_the_access_log_to_the_file_named(tmp_path):
    log = tmp_path / "access.log"
    _serve_one_request(tmp_path, str(log))
    lines = log.read_text().splitlines()
    assert len(lines) == 1
    assert '"GET /static/nothing-here.css HTTP/1.1" 404' in lines[0]
    assert "code" not in lines[0] and "ABCD" not in lines[0]


def test_it_writes_no_access_log_when_switched_off(tmp_path):
    result = _serve_one_request(tmp_path, "off")
    # Django's own "Not Found" warning may name the path; the access line must not be there.
    assert '"GET /static/nothing-here.css HTTP/1.1"' not in result.stdout + result.stderr
    assert not list(tmp_path.glob("*.log"))


def test_it_writes_the_access_log_to_standard_output_by_default(tmp_path):
    result = _serve_one_request(tmp_path, "-")
    assert '"GET /static/nothing-here.css HTTP/1.1" 404' in result.stdout


def _gunicorn_commands() -> list[str]:
    import re

    found = []
    dockerfile = (ROOT / "Dockerfile").read_text()
    found += [m.group(0) for m in re.finditer(r"^CMD .*gunicorn.*$", dockerfile, re.M)]
    compose = (ROOT / "docker-compose.yml").read_text()
    found += [line for line in compose.splitlines() if "gunicorn config.wsgi" in line]
    found += [line for line in (ROOT / "bin" / "run").read_text().splitlines() if "gunicorn " in line and "#" not in line]
    return found


def test_every_way_the_app_is_served_uses_the_config_without_query_strings():
    """Issue 11: gunicorn ran without -c in the image and compose, so its default format
    (the full request line, a survey code's query string included) was logged."""
    commands = _gunicorn_commands()
    assert len(commands) >= 2
    for command in commands:
        assert "config/gunicorn.conf.py" in command, command
        assert "--access-logformat" not in command and "--access-logfile" not in command, command


def test_the_real_gunicorn_logs_no_query_string_under_the_images_command(tmp_path):
    result = _serve_one_request(tmp_path, "-")
    assert "ABCD2345EFGH" not in result.stdout + result.stderr and "?code" not in result.stdout
