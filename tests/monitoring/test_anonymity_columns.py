"""Anonymity stays provable: no response table may get a column that orders or links rows.

Read from the database itself (not only the models), so a column added by raw SQL fails too.
A timestamp, a sequence (serial/identity or an auto-increment key), a code, a user, an
address: each would let someone pair a response with a code, a person or a moment.
"""
from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.db import connection

pytestmark = pytest.mark.django_db

#: Tables holding one row per respondent (an individual's answers).
RESPONSE_TABLES = ["monitoring.Response"]
#: Tables of sums: no person's row, but still nothing that says when or who.
COUNT_TABLES = ["monitoring.RespondentCount", "monitoring.ResultCount"]
for optional in ("monitoring.StaffResponse", "monitoring.StaffRespondentCount", "monitoring.StaffResultCount"):
    try:
        model = apps.get_model(optional)
    except LookupError:
        continue
    (RESPONSE_TABLES if optional == "monitoring.StaffResponse" else COUNT_TABLES).append(optional)

LINKING_NAME = re.compile(r"(^|_)(created|updated|modified|submitted|time|date|at|on|seq|sequence|serial|order|code|"
                          r"digest|token|user|ip|address|addr|email|agent|session|device|student|staff|person)(_|$)")
TIME_TYPES = {"timestamp with time zone", "timestamp without time zone", "date", "time without time zone",
              "time with time zone", "interval", "datetime", "timestamp", "time"}


def _columns(table: str) -> list[tuple[str, str, str | None]]:
    """(name, type, default) of a table's columns, from the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT column_name, data_type, coalesce(column_default, '') || coalesce(is_identity, '') "
                "FROM information_schema.columns WHERE table_name = %s", [table])
            return [(n, t.lower(), d) for n, t, d in cursor.fetchall()]
        cursor.execute(f'PRAGMA table_info("{table}")')
        rows = cursor.fetchall()
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [table])
        ddl = cursor.fetchone()[0].upper()
        return [(r[1], (r[2] or "").lower(), "AUTOINCREMENT" if (r[5] and "AUTOINCREMENT" in ddl) else None)
                for r in rows]


@pytest.mark.parametrize("label", RESPONSE_TABLES)
def test_a_response_table_has_no_column_that_orders_or_links_rows(label):
    model = apps.get_model(label)
    columns = _columns(model._meta.db_table)
    assert columns
    for name, kind, default in columns:
        assert kind not in TIME_TYPES, f"{label}.{name} is a time: it orders responses"
        assert "nextval" not in (default or "") and "YES" not in (default or "") and "AUTOINCREMENT" not in (default or ""), \
            f"{label}.{name} is a sequence: it orders responses"
        assert not LINKING_NAME.search(name), f"{label}.{name} may link a response to a code, person or moment"
    # the key is random (uuid), never a counter
    assert model._meta.pk.get_internal_type() == "UUIDField"
    for field in model._meta.concrete_fields:
        related = field.related_model
        assert related is None or related._meta.label in {
            "people.Organisation", "people.Branch", "people.Department", "monitoring.SurveyRound",
            "monitoring.RoundClass", "monitoring.StaffRound", "monitoring.StaffGroup"}, f"{label}.{field.name} -> {related}"


@pytest.mark.parametrize("label", COUNT_TABLES)
def test_a_count_table_has_no_time_code_user_or_address(label):
    model = apps.get_model(label)
    for name, kind, _default in _columns(model._meta.db_table):
        assert kind not in TIME_TYPES, f"{label}.{name}"
        assert not LINKING_NAME.search(name), f"{label}.{name}"


def test_the_check_catches_a_column_that_would_link(monkeypatch):
    # The test can fail: the names and types it refuses.
    for bad in ("created_at", "submitted_on", "code_digest", "user_id", "ip_address", "seq"):
        assert LINKING_NAME.search(bad), bad
    for fine in ("gender", "answers", "round_class_id", "branch_id", "item_key", "total", "a3"):
        assert not LINKING_NAME.search(fine), fine
