"""How a unit of work that is not a request (a Celery task, a command) finds its tenant."""
import pytest

from people.models import Student
from people.tenancy import as_organisation, current_organisation_id, organisation_ids

pytestmark = pytest.mark.django_db


@as_organisation
def visible_students(organisation_id):
    """Like a Celery task: no ORM filter on purpose, to see what the database itself lets through."""
    return set(Student.objects.values_list("pk", flat=True)), current_organisation_id()


def test_it_runs_a_task_as_its_organisation(board, other_board, on_postgres):
    seen, current = visible_students(str(board.organisation.pk))
    assert current == str(board.organisation.pk)
    assert {board.student.pk, board.other_student.pk} <= seen
    if on_postgres:  # row-level security alone keeps the other tenant out
        assert seen == {board.student.pk, board.other_student.pk}
    assert current_organisation_id() is None


def test_it_lists_every_tenant_for_scans(board, other_board):
    assert {str(board.organisation.pk), str(other_board.organisation.pk)} <= set(organisation_ids())
