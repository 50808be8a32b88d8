"""PostgreSQL's planner statistics after bulk writes (issue 16).

A fresh bulk import leaves the planner blind until autovacuum's next ANALYZE: it takes the
new tables for a few rows and picks nested loops over thousands (a mentor's case list took
9.5 s instead of 7 ms, bench/README.md). So a large write analyses the tables it filled,
right after it commits. Production also keeps autovacuum on (README), which covers the
slow drift; this covers the sudden jump.

ANALYZE may only be run by a table's owner: the application's role (people.rls) may not,
so the work runs as the owner (people.owner_mode) in a Celery task after the commit: the
web request does not wait for it, and a rolled-back import analyses nothing.
"""
from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.db import connection, transaction

#: Tables each bulk write fills.
STUDENT_TABLES = ("people_student", "people_enrolment", "people_schoolclass")
STAFF_TABLES = ("people_user", "people_roleassignment", "people_classmentor")
CLASS_TABLES = ("people_schoolclass", "people_classmentor")


def _known_tables() -> set[str]:
    return {model._meta.db_table for model in apps.get_models()}


def analyze_now(tables: Iterable[str]) -> list[str]:
    """ANALYZE these tables as their owner (PostgreSQL only). Returns the tables analysed."""
    wanted = sorted(set(tables) & _known_tables())  # names come from code, but never trust a list blindly
    if connection.vendor != "postgresql" or not wanted:
        return []
    from .owner_mode import as_owner

    with as_owner(), connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in wanted))
    return wanted


def analyze_after_commit(tables: Iterable[str]) -> None:
    """Queue an ANALYZE of these tables once the current transaction has committed."""
    wanted = sorted(set(tables))
    from .tasks import analyze_tables

    transaction.on_commit(lambda: analyze_tables.delay(wanted))
