"""The audit trail is append-only and records log-ins and student-record reads."""
import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from people.audit import audit_log
from people.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_it_refuses_to_change_or_delete_an_event_through_the_model(board):
    with board.tenant():
        event = audit_log(action=AuditEvent.Action.READ, actor=board.mentor, obj=board.student)
        event.action = AuditEvent.Action.DELETE
        with pytest.raises(ValidationError):
            event.save()
        with pytest.raises(ValidationError):
            event.delete()


def test_it_refuses_bulk_updates_and_deletes(board):
    with board.tenant():
        audit_log(action=AuditEvent.Action.READ, actor=board.mentor, obj=board.student)
        with pytest.raises(ValidationError):
            AuditEvent.objects.all().update(action="delete")
        with pytest.raises(ValidationError):
            AuditEvent.objects.all().delete()


@pytest.mark.postgres
def test_the_database_refuses_update_and_delete_even_for_the_owner(board):
    with board.tenant():
        event = audit_log(action=AuditEvent.Action.READ, actor=board.mentor, obj=board.student)
        with connection.cursor() as cursor:
            # The application role has no UPDATE/DELETE privilege on the table at all …
            for sql in ("UPDATE people_auditevent SET action = 'x' WHERE id = %s", "DELETE FROM people_auditevent WHERE id = %s"):
                with pytest.raises(DatabaseError, match="permission denied"):
                    with transaction.atomic():
                        cursor.execute(sql, [event.pk])
            # … and the trigger refuses it for the owner too.
            cursor.execute("RESET ROLE")
            try:
                for sql in ("UPDATE people_auditevent SET action = 'x' WHERE id = %s", "DELETE FROM people_auditevent WHERE id = %s"):
                    with pytest.raises(DatabaseError, match="append-only"):
                        with transaction.atomic():
                            cursor.execute(sql, [event.pk])
            finally:
                cursor.execute("SET ROLE pestzaak_app")


def test_it_records_who_read_which_student_from_where(board):
    from django.test import RequestFactory

    from people.audit import audit_context
    from people.selectors import student_read

    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.10")
    with board.tenant():
        student_read(user=board.coordinator, student_id=board.student.pk, audit=audit_context(request))
        event = AuditEvent.objects.for_organisation(board.organisation).get(action=AuditEvent.Action.READ)
    assert event.actor == board.coordinator
    assert (event.object_type, event.object_id) == ("people.student", str(board.student.pk))
    assert event.ip_address == "192.0.2.10"
    assert event.channel == "page"


def test_it_builds_the_audit_context_once_per_request():
    from django.test import RequestFactory
    from rest_framework.request import Request

    from people.audit import NO_CLIENT, AuditContext, audit_context

    page = RequestFactory().get("/zaken/1/", REMOTE_ADDR="192.0.2.11")
    first = audit_context(page)
    assert first == AuditContext(ip_address="192.0.2.11", channel="page")
    assert audit_context(page) is first
    api = RequestFactory().post("/api/v1/cases/1/", REMOTE_ADDR="192.0.2.12")
    # DRF's request passes through to Django's: the same context either way.
    assert audit_context(Request(api)) == AuditContext(ip_address="192.0.2.12", channel="api")
    assert audit_context(Request(api)) is audit_context(api)
    assert audit_context(None) is NO_CLIENT
    assert NO_CLIENT.channel == "system" and NO_CLIENT.ip_address is None


def test_it_writes_a_system_row_without_a_context(board):
    from people.audit import audit_log

    with board.tenant():
        event = audit_log(action=AuditEvent.Action.READ, actor=board.coordinator, obj=board.student)
    assert (event.ip_address, event.channel) == (None, "system")
