"""Complaints (seed 000 §5.5): mentor, confidential adviser, complaints procedure; terms in
school days; visible to management and the adviser only."""
import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from incidents import complaints, exclusions
from incidents.models import Complaint
from people.models import AuditEvent

from .helpers import open_case

pytestmark = pytest.mark.django_db
MONDAY = dt.datetime(2026, 10, 12, 10, tzinfo=dt.UTC)


def register(board, by=None, case=None, received=dt.date(2026, 10, 12)):
    with board.tenant():
        return complaints.complaint_register(
            acting_user=by or board.management, branch=board.branch, complainant_kind="parent",
            complainant_name="Mevrouw Jansen", about="De school deed niets na drie meldingen.", received_on=received,
            case=case, adviser=board.adviser, adviser_support="Helpt bij het op papier zetten.")


def test_a_complaint_walks_mentor_adviser_procedure_with_terms_in_school_days(board):
    with time_machine.travel(MONDAY, tick=False):
        complaint = register(board)
        # Five school days from Monday 12 October 2026 skip the autumn holiday week.
        assert complaint.stage == "mentor" and complaint.stage_due_on > dt.date(2026, 10, 19)
        with board.tenant():
            complaint = complaints.complaint_advance(complaint=complaint, acting_user=board.adviser,
                                                     note="Gesprek met de mentor hielp niet.")
            assert complaint.stage == "adviser"
            complaint = complaints.complaint_advance(complaint=complaint, acting_user=board.management,
                                                     note="Formele klacht ingediend.")
            assert complaint.stage == "procedure"
            with pytest.raises(ValidationError):  # closing needs an outcome
                complaints.complaint_advance(complaint=complaint, acting_user=board.management, note="Klaar.")
            complaint = complaints.complaint_advance(complaint=complaint, acting_user=board.management,
                                                     note="Commissie: deels gegrond.", outcome="partly")
            assert (complaint.stage, complaint.outcome, complaint.stage_due_on) == ("closed", "partly", None)
            assert [s.stage for s in complaint.steps.order_by("at", "id")] == ["mentor", "adviser", "procedure", "closed"]
            assert AuditEvent.objects.filter(object_type="incidents.complaint").count() == 4


def test_only_management_and_the_adviser_handle_and_see_complaints(client, board, other_board):
    for user in (board.coordinator, board.mentor, board.teacher):
        with board.tenant(), pytest.raises(PermissionDenied):
            register(board, by=user)
    complaint = register(board)
    with board.tenant():
        assert complaints.complaints_for(board.adviser).filter(pk=complaint.pk).exists()
        assert complaints.complaints_for(board.board_coordinator).count() == 0
        assert not complaints.complaints_for(board.coordinator).exists()
    client.force_login(board.coordinator)
    assert client.get(reverse("incidents:complaint_list")).status_code == 403
    assert client.get(reverse("incidents:complaint_detail", args=[complaint.pk])).status_code == 404
    client.force_login(other_board.management)
    assert client.get(reverse("incidents:complaint_detail", args=[complaint.pk])).status_code == 404
    client.force_login(board.management)
    page = client.get(reverse("incidents:complaint_detail", args=[complaint.pk])).content.decode()
    assert "Mevrouw Jansen" in page and "Helpt bij het op papier zetten." in page


def test_the_register_page_checks_input_and_links_a_case(client, board):
    case = open_case(board)
    client.force_login(board.management)
    bad = client.post(reverse("incidents:complaint_list"), {"branch": board.branch.pk, "complainant_kind": "parent",
                                                             "complainant_name": "", "about": "", "received_on": "x",
                                                             "stage": "mentor"})
    assert bad.status_code == 400
    with board.tenant():
        assert not Complaint.objects.exists()
    ok = client.post(reverse("incidents:complaint_list"), {
        "branch": board.branch.pk, "complainant_kind": "student", "complainant_name": "Sam", "about": "Niet gehoord.",
        "received_on": "2026-10-12", "stage": "adviser", "case": case.pk, "adviser": board.adviser.pk})
    assert ok.status_code == 302
    with board.tenant():
        complaint = Complaint.objects.get()
        assert (complaint.case_id, complaint.stage, complaint.adviser_id) == (case.pk, "adviser", board.adviser.pk)


def test_a_complaint_about_a_case_is_hidden_from_someone_excluded_from_it(board):
    case = open_case(board)
    complaint = register(board, case=case)
    with board.tenant():
        exclusions.case_exclude(case=case, acting_user=board.coordinator, user_id=board.adviser.pk, reason="Familie.")
        assert not complaints.complaints_for(board.adviser).filter(pk=complaint.pk).exists()
        assert complaints.complaints_for(board.management).filter(pk=complaint.pk).exists()
