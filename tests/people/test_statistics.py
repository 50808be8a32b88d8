"""Planner statistics after bulk writes (issue 16, people.statistics): an import analyses
the tables it filled once it has committed, as the tables' owner; nothing for a refused one."""
from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people import imports, statistics
from tests.people.test_import import apply, plan, students_csv

pytestmark = pytest.mark.django_db


def _analyzes(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if q["sql"].startswith("ANALYZE")]


def test_a_student_import_analyses_its_tables_after_the_commit(board, django_capture_on_commit_callbacks, on_postgres):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        apply(board, students_csv(board, 40))
    with CaptureQueriesContext(connection) as captured:
        for callback in queued:
            callback()
    analyzes = _analyzes(captured)
    if on_postgres:
        assert analyzes == ['ANALYZE "people_enrolment", "people_schoolclass", "people_student"']
        with connection.cursor() as cursor:  # the statistics now know the rows (our own, uncommitted here)
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'people_student'")
            assert cursor.fetchone()[0] >= 40
    else:
        assert analyzes == []  # SQLite: nothing to do


def test_a_refused_import_queues_nothing(board, django_capture_on_commit_callbacks):
    table = students_csv(board, 3)
    _plan, mapping = plan(board, table)
    with django_capture_on_commit_callbacks(execute=False) as queued, board.tenant(), pytest.raises(ValidationError):
        imports.apply_import(organisation=board.organisation, acting_user=board.management, kind="students",
                             table=table, mapping=mapping, expected_digest="verouderd")
    assert queued == []


@pytest.mark.postgres
def test_the_app_role_alone_could_not_analyse(board):
    """Why the task switches to the owner: as the application role ANALYZE is skipped."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] != "postgres"  # the request's role: pestzaak_app
    assert statistics.analyze_now(["people_student", "not_a_table"]) == ["people_student"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] != "postgres"  # back to the application role afterwards
