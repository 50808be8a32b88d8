"""The planner knows that a branch or a round belongs to one organisation (issue 16,
platform size): without it the branch dashboard's grouped results took a nested loop over
the organisation's count rows per class once 1,000 boards shared the tables."""
from __future__ import annotations

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.postgres
def test_dependency_statistics_join_organisation_and_branch_or_round(on_postgres):
    if not on_postgres:
        pytest.skip("PostgreSQL's extended statistics")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.stxrelid::regclass::text, array_agg(a.attname::text ORDER BY a.attname), s.stxkind::text[] "
            "FROM pg_statistic_ext s JOIN pg_attribute a ON a.attrelid = s.stxrelid AND a.attnum = ANY(s.stxkeys) "
            "WHERE s.stxname LIKE 'monitoring_%%_stx' GROUP BY s.stxname, s.stxrelid, s.stxkind"
        )
        found = {(table, tuple(columns)) for table, columns, kinds in cursor.fetchall() if "f" in kinds}
    assert found == {
        ("monitoring_roundclass", ("branch_id", "organisation_id")),
        ("monitoring_roundclass", ("organisation_id", "round_id")),
        ("monitoring_resultcount", ("organisation_id", "round_id")),
        ("monitoring_respondentcount", ("organisation_id", "round_id")),
    }
