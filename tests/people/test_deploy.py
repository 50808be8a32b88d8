"""Deployable on any PostgreSQL: `manage.py migrate` on a fresh server creates what it needs.

A fresh database on a server where the application role does not exist yet: migrate must
create the role (NOSUPERUSER NOBYPASSRLS) and the row-level security, and the app must then
run as that role. A role name of its own keeps this test apart from the suite's database.
"""
from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlparse

import psycopg2
import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.postgres


def _admin(dsn_url: str):
    url = urlparse(dsn_url)
    conn = psycopg2.connect(host=url.hostname, port=url.port or 5432, user=url.username or "postgres",
                            password=url.password, dbname="postgres")
    conn.autocommit = True
    return conn


def _manage(*args: str, database_url: str, role: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "DATABASE_APP_ROLE": role,
           "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_DEBUG": "1"}
    env.pop("REDIS_URL", None)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture
def fresh_server_database():
    base = os.environ["DATABASE_URL"]
    url = urlparse(base)
    suffix = uuid.uuid4().hex[:8]
    name, role = f"pz_fresh_{suffix}", f"pz_fresh_app_{suffix}"
    admin = _admin(base)
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    database_url = url._replace(path=f"/{name}").geturl()
    try:
        yield database_url, role
    finally:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
            if cur.fetchone():
                cur.execute(f'DROP ROLE "{role}"')
        admin.close()


def test_it_migrates_a_fresh_server_without_the_app_role(fresh_server_database):
    database_url, role = fresh_server_database
    admin = _admin(database_url)
    with admin.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        assert cur.fetchone() is None

    migrated = _manage("migrate", "--noinput", "-v0", database_url=database_url, role=role)
    assert migrated.returncode == 0, migrated.stderr[-3000:]

    with admin.cursor() as cur:
        cur.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s", [role])
        assert cur.fetchone() == (False, False)
    admin.close()

    # The app now starts as that role: a command that queries a tenant table works and
    # sees no tenant rows without an organisation (row-level security is in force).
    probe = _manage(
        "shell", "-v", "0", "-c",
        "from django.db import connection\n"
        "from people.models import Branch\n"
        "print(Branch.objects.count())\n"
        "c = connection.cursor(); c.execute('SELECT current_user'); print(c.fetchone()[0])",
        database_url=database_url, role=role,
    )
    assert probe.returncode == 0, probe.stderr[-3000:]
    assert probe.stdout.split() == ["0", role]


def test_the_app_refuses_to_start_before_migrate(fresh_server_database):
    database_url, role = fresh_server_database
    probe = _manage("shell", "-c", "from people.models import Branch; Branch.objects.count()",
                    database_url=database_url, role=role)
    assert probe.returncode != 0
    assert "manage.py migrate" in probe.stderr
