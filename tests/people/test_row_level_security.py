"""The second tenant wall: PostgreSQL row-level security, proven with raw SQL."""
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, transaction
from django.test import override_settings

from people import rls
from people.models import Student
from people.tenancy import activate, tenant_context

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def count(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def test_it_runs_the_app_as_a_role_that_cannot_bypass_rls(board):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        user, is_super, bypasses = cursor.fetchone()
    assert user == "pestzaak_app"
    assert not is_super and not bypasses


def test_raw_sql_without_the_setting_sees_no_tenant_rows(board):
    activate(None)
    assert count("SELECT count(*) FROM people_student") == 0
    assert count("SELECT count(*) FROM people_branch") == 0
    # The organisation directory is the documented exception: readable, not writable.
    assert count("SELECT count(*) FROM people_organisation") >= 1
    with pytest.raises(DatabaseError):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE people_organisation SET name = 'x'")
            assert cursor.rowcount == 0
            raise DatabaseError("no row was writable")


def test_raw_sql_with_another_tenants_setting_sees_none_of_this_tenants_rows(board, other_board):
    activate(other_board.organisation)
    assert count("SELECT count(*) FROM people_student WHERE organisation_id = %s", [board.organisation.pk]) == 0
    assert count("SELECT count(*) FROM people_student") == 2  # only the other board's own
    activate(board.organisation)
    assert count("SELECT count(*) FROM people_student") == 2


def test_it_refuses_to_write_a_row_for_another_tenant(board, other_board):
    with tenant_context(other_board.organisation):
        with pytest.raises(DatabaseError, match="row-level security"):
            with transaction.atomic():
                Student.objects.create(
                    organisation=board.organisation, branch=board.branch, external_id="X1", first_name="A", last_name="B"
                )


def test_every_tenant_table_has_forced_row_level_security():
    tables = [t for t, _ in rls.tenant_tables()]
    assert {"people_student", "people_branch", "people_roleassignment", "people_classmentor"} <= set(tables)
    tables.append("people_organisation")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relname = ANY(%s) AND relrowsecurity AND relforcerowsecurity",
            [tables + ["people_auditevent"]],
        )
        protected = {row[0] for row in cursor.fetchall()}
    assert protected == set(tables) | {"people_auditevent"}


def test_the_orm_filter_keeps_index_scans_under_the_policy(board):
    """Policies on current_setting() alone could force sequential scans; the ORM filter
    on organisation_id lets the planner use the (organisation, …) index."""
    with board.tenant():
        qs = Student.objects.for_organisation(board.organisation).filter(branch=board.branch, last_name="Jansen")
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        plan = qs.explain()
    assert "Seq Scan" not in plan
    assert "Index" in plan and str(board.organisation.pk) in plan


def test_it_refuses_to_start_as_a_role_that_bypasses_rls(board):
    with override_settings(DATABASE_APP_ROLE="postgres"):
        try:
            with pytest.raises(ImproperlyConfigured, match="bypasses row-level security"):
                rls.assume_app_role(connection)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET ROLE pestzaak_app")
