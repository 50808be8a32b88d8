"""Who may record in a case and move it on: one rule (incidents.access.case_roles), the same
on the page, in the API and in the services; adding a teacher to a case; the board
coordinator advises unless the board lets them act."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.html import escape
from rest_framework.test import APIClient

from incidents import access, services
from incidents.models import TimelineEntry
from people.models import AuditEvent
from people.roles import Role
from tests import factories as f

from .helpers import open_case, record

pytestmark = pytest.mark.django_db
API = "/api/v1"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def page(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def case(board):
    """A case from a signal the teacher reported: the teacher sees it, and no more."""
    return open_case(board, by=board.teacher)


def entries(board, case):
    with board.tenant():
        return TimelineEntry.objects.filter(case=case).count()


def talk(board, case, user):
    with board.tenant():
        return services.entry_record(case=case, acting_user=user, kind="conversation", attrs={"with": "target"}, text="Gesprek")


def move(board, case, user):
    with board.tenant():
        case.refresh_from_db()
        return services.case_transition(case=case, acting_user=user, transition_key="record_agreements", expected_step=case.step)


def ready_to_move(board, case):
    record(board, case, "conversation", **{"with": "target"})
    record(board, case, "conversation", **{"with": "bully"})


# --- the rule ----------------------------------------------------------------------------------
def test_the_case_mentor_and_branch_roles_work_on_the_case(board, case):
    with board.tenant():
        assert access.case_roles(board.mentor, case) == {Role.MENTOR}
        assert access.case_roles(board.coordinator, case) == {Role.COORDINATOR}
        assert access.case_roles(board.management, case) == {Role.BRANCH_MANAGEMENT}


def test_a_teacher_who_sees_the_case_neither_records_nor_moves_it(board, case, client):
    ready_to_move(board, case)
    before = entries(board, case)
    with board.tenant():
        assert access.get_case_for_user(board.teacher, case.pk) == case  # they reported it: they read it
        assert access.case_roles(board.teacher, case) == frozenset()
    with pytest.raises(PermissionDenied):
        talk(board, case, board.teacher)
    with pytest.raises(PermissionDenied):
        move(board, case, board.teacher)
    # The page and the API agree: 403 on both, nothing changed.
    c = page(client, board.teacher)
    assert c.post(reverse("incidents:entry_add", args=[case.pk]), {"kind": "conversation", "with": "target", "text": "x"}).status_code == 403
    assert c.post(reverse("incidents:case_transition", args=[case.pk]),
                  {"transition": "record_agreements", "expected_step": "investigate"}).status_code == 403
    body = {"transition": "record_agreements", "expected_step": "investigate"}
    assert api(board.teacher).post(f"{API}/cases/{case.pk}/transitions/", body, format="json").status_code == 403
    assert api(board.teacher).post(f"{API}/cases/{case.pk}/entries/", {"kind": "note", "text": "x"}, format="json").status_code == 403
    assert entries(board, case) == before
    with board.tenant():
        case.refresh_from_db()
    assert case.step == "investigate"
    detail = c.get(reverse("incidents:case_detail", args=[case.pk])).content.decode()
    assert reverse("incidents:entry_add", args=[case.pk]) not in detail
    assert f'action="{reverse("incidents:case_transition", args=[case.pk])}"' not in detail


def test_the_mentor_of_a_student_in_the_case_works_on_it(board, case):
    other_mentor = f.make_mentor_of(board.other_class)  # mentors the bully's class
    with board.tenant():
        assert access.case_roles(other_mentor, case) == {Role.MENTOR}
    talk(board, case, other_mentor)


def test_mentoring_another_class_of_the_branch_is_not_enough(board, case):
    stranger = f.make_mentor_of(f.SchoolClassFactory(branch=board.branch, school_year=board.school_class.school_year))
    with board.tenant():
        assert access.case_roles(stranger, case) == frozenset()


# --- adding a teacher to a case ---------------------------------------------------------------
def test_the_coordinator_adds_a_teacher_who_then_records_and_moves_and_is_taken_off_again(board, case, client):
    c = page(client, board.coordinator)
    url = reverse("incidents:case_members", args=[case.pk])
    assert escape(board.teacher.full_name) in c.get(url).content.decode()
    assert c.post(url, {"member": board.teacher.pk, "action": "add"}).status_code == 302
    with board.tenant():
        assert list(access.shared_with(case)) == [board.teacher]
        assert access.case_roles(board.teacher, case) == {Role.TEACHER}
        assert AuditEvent.objects.filter(action="permission_granted", object_id=str(case.pk)).count() == 1
    ready_to_move(board, case)
    talk(board, case, board.teacher)
    assert move(board, case, board.teacher).step == "agreements"
    assert c.post(url, {"member": board.teacher.pk, "action": "remove"}).status_code == 302
    with board.tenant():
        assert access.case_roles(board.teacher, case) == frozenset()
        assert AuditEvent.objects.filter(action="permission_revoked", object_id=str(case.pk)).count() == 1
    with pytest.raises(PermissionDenied):
        talk(board, case, board.teacher)


def test_the_api_adds_and_removes_like_the_page(board, case):
    coordinator = api(board.coordinator)
    added = coordinator.post(f"{API}/cases/{case.pk}/members/", {"member": board.teacher.pk}, format="json")
    assert added.status_code == 201 and [m["id"] for m in added.json()] == [board.teacher.pk]
    twice = coordinator.post(f"{API}/cases/{case.pk}/members/", {"member": board.teacher.pk}, format="json")
    assert twice.status_code == 400
    assert coordinator.get(f"{API}/cases/{case.pk}/members/").json()[0]["full_name"] == board.teacher.full_name
    removed = coordinator.post(f"{API}/cases/{case.pk}/members/remove/", {"member": board.teacher.pk}, format="json")
    assert removed.status_code == 200 and removed.json() == []


def test_a_mentor_cannot_add_staff_to_a_case(board, case, client):
    assert page(client, board.mentor).post(reverse("incidents:case_members", args=[case.pk]),
                                           {"member": board.teacher.pk, "action": "add"}).status_code == 403
    assert api(board.mentor).post(f"{API}/cases/{case.pk}/members/", {"member": board.teacher.pk},
                                  format="json").status_code == 403
    with board.tenant():
        assert list(access.shared_with(case)) == []


def test_staff_of_another_branch_or_board_cannot_be_added(board, other_board, case):
    elsewhere = f.make_staff(Role.TEACHER, branch=board.other_branch)
    coordinator = api(board.coordinator)
    for member in (elsewhere, other_board.teacher):
        answer = coordinator.post(f"{API}/cases/{case.pk}/members/", {"member": member.pk}, format="json")
        assert answer.status_code == 400, member
    assert api(other_board.coordinator).get(f"{API}/cases/{case.pk}/members/").status_code == 404


# --- the board coordinator advises -------------------------------------------------------------
def test_the_board_coordinator_reads_and_advises_but_does_not_record_or_move(board, case, client):
    ready_to_move(board, case)
    bc = board.board_coordinator
    with board.tenant():
        assert access.case_roles(bc, case) == frozenset()
        services.entry_record(case=case, acting_user=bc, kind="note", text="Advies: overweeg No Blame.")
    with pytest.raises(PermissionDenied, match="adviseert"):
        talk(board, case, bc)
    with pytest.raises(PermissionDenied, match="adviseert"):
        move(board, case, bc)
    c = page(client, bc)
    assert c.get(reverse("incidents:case_detail", args=[case.pk])).status_code == 200
    assert c.post(reverse("incidents:case_transition", args=[case.pk]),
                  {"transition": "record_agreements", "expected_step": "investigate"}).status_code == 403
    body = {"transition": "record_agreements", "expected_step": "investigate"}
    answer = api(bc).post(f"{API}/cases/{case.pk}/transitions/", body, format="json")
    assert answer.status_code == 403 and "adviseert" in answer.json()["detail"]
    assert api(bc).post(f"{API}/cases/{case.pk}/entries/", {"kind": "note", "text": "Nog een advies"},
                        format="json").status_code == 201


def test_the_board_lets_its_board_coordinator_act_through_its_settings(board, case, client):
    ready_to_move(board, case)
    management = f.make_staff(Role.BOARD_MANAGEMENT, organisation=board.organisation)
    # The board coordinator cannot widen their own role.
    assert api(board.board_coordinator).put(f"{API}/board-settings/", {"board_coordinator_acts": True},
                                            format="json").status_code == 403
    assert page(client, board.board_coordinator).post(reverse("incidents:board_settings"),
                                                      {"board_coordinator_acts": "on"}).status_code == 403
    answer = api(management).put(f"{API}/board-settings/", {"board_coordinator_acts": True}, format="json")
    assert answer.status_code == 200 and answer.json() == {"board_coordinator_acts": True}
    with board.tenant():
        assert access.case_roles(board.board_coordinator, case) == {Role.BOARD_COORDINATOR}
    assert move(board, case, board.board_coordinator).step == "agreements"
    assert page(client, management).post(reverse("incidents:board_settings"), {}).status_code == 302
    with board.tenant():
        assert access.case_roles(board.board_coordinator, case) == frozenset()


def test_board_settings_are_not_for_teachers(board, client):
    assert page(client, board.teacher).get(reverse("incidents:board_settings")).status_code == 404
    assert api(board.teacher).get(f"{API}/board-settings/").status_code == 404


def test_the_confidential_adviser_is_not_added_to_work_in_the_dossier(board, case):
    answer = api(board.coordinator).post(f"{API}/cases/{case.pk}/members/", {"member": board.adviser.pk}, format="json")
    assert answer.status_code == 400
    with board.tenant():
        assert access.case_roles(board.adviser, case) == frozenset()
