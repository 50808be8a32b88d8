"""Conflict of interest: staff excluded from a case see it as an outsider would."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from incidents import access, exclusions
from incidents.followups import followups_scan
from incidents.models import CaseExclusion, FollowUp, Participant
from people.models import AuditEvent, Notification
from people.roles import Role
from tests import factories as f
from tests.factories import api_key

from .helpers import open_case, walk_to_monitoring

pytestmark = pytest.mark.django_db


def exclude(board, case, user, by=None, reason="Is zelf partij."):
    with board.tenant():
        return exclusions.case_exclude(case=case, acting_user=by or board.coordinator, user_id=user.pk, reason=reason)


def test_it_hides_the_case_its_signal_follow_ups_and_letters_from_an_excluded_coordinator(board):
    second = f.make_staff(Role.COORDINATOR, branch=board.branch)
    case = walk_to_monitoring(board, open_case(board))
    with board.tenant():
        assert access.cases_for(second).filter(pk=case.pk).exists()  # allowed before
        assert FollowUp.objects.filter(case=case).exists()
    exclude(board, case, second)
    with board.tenant():
        assert not access.cases_for(second).filter(pk=case.pk).exists()
        assert not access.signals_for(second).filter(case=case).exists()
        assert access.signals_for(board.coordinator).filter(case=case).exists()
        from incidents.followup_selectors import followups_for
        assert not followups_for(second).filter(case=case).exists()
        assert followups_for(board.coordinator).filter(case=case).exists()
        assert not access.can_work_on_case(second, case)
        assert AuditEvent.objects.filter(object_type="incidents.caseexclusion", action="create").exists()


def test_it_answers_404_on_the_case_page_list_search_and_api_for_the_excluded(client, board):
    case = open_case(board)
    exclude(board, case, board.mentor)
    client.force_login(board.mentor)
    assert client.get(reverse("incidents:case_detail", args=[case.pk])).status_code == 404
    assert client.get(reverse("incidents:case_conflicts", args=[case.pk])).status_code == 404
    listing = client.get(reverse("incidents:case_list"), {"q": case.reference, "status": "all"}).content.decode()
    assert f'href="/zaken/{case.pk}/"' not in listing
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key(board.mentor)}")
    assert api.get(f"/api/v1/cases/{case.pk}/").status_code == 404
    assert case.reference not in api.get("/api/v1/cases/").content.decode()
    # The coordinator still sees it.
    client.force_login(board.coordinator)
    assert client.get(reverse("incidents:case_detail", args=[case.pk])).status_code == 200


def test_the_excluded_mentor_hands_over_and_hears_nothing_more(board):
    case = walk_to_monitoring(board, open_case(board))
    with board.tenant():
        owned = FollowUp.objects.filter(case=case, owner=board.mentor).count()
        assert owned
        Notification.objects.create(organisation=board.organisation, recipient=board.mentor, kind="x",
                                    dedupe_key="x", title=case.reference,
                                    url=reverse("incidents:case_detail", args=[case.pk]))
    exclude(board, case, board.mentor)
    with board.tenant():
        case.refresh_from_db()
        assert case.mentor_id is None
        assert not FollowUp.objects.filter(case=case, owner=board.mentor).exists()
        assert FollowUp.objects.filter(case=case, owner=board.coordinator).count() >= owned
        assert not Notification.objects.filter(recipient=board.mentor).exists()
        # Even a term of theirs would not bring a notification: the scan leaves them out.
        FollowUp.objects.filter(case=case).update(owner=board.mentor)
        followups_scan(board.organisation.pk, today=dt.date.today() + dt.timedelta(days=200))
        assert not Notification.objects.filter(recipient=board.mentor).exists()
        assert Notification.objects.filter(recipient=board.coordinator, kind="followup_overdue").exists()


def test_only_triage_roles_exclude_with_a_reason(board):
    case = open_case(board)
    with board.tenant():
        with pytest.raises(PermissionDenied):
            exclusions.case_exclude(case=case, acting_user=board.mentor, user_id=board.teacher.pk, reason="x")
        with pytest.raises(ValidationError) as no_reason:
            exclusions.case_exclude(case=case, acting_user=board.coordinator, user_id=board.teacher.pk, reason=" ")
        assert "reason" in no_reason.value.message_dict
        with pytest.raises(ValidationError):
            exclusions.case_exclude(case=case, acting_user=board.coordinator, user_id=board.coordinator.pk, reason="x")
        assert not CaseExclusion.objects.exists()


def test_a_staff_member_can_be_the_alleged_bully_and_is_excluded_at_once(client, board):
    case = open_case(board)
    client.force_login(board.coordinator)
    response = client.post(reverse("incidents:case_staff_party_add", args=[case.pk]),
                           {"user": board.teacher.pk, "description": "gymdocent"})
    assert response.status_code == 302
    with board.tenant():
        party = Participant.objects.get(case=case, staff=board.teacher)
        assert party.role == "bully"
        assert CaseExclusion.objects.filter(case=case, user=board.teacher).exists()
        # A party stays excluded.
        exclusion = CaseExclusion.objects.get(case=case, user=board.teacher)
        with pytest.raises(ValidationError):
            exclusions.case_exclusion_lift(exclusion=exclusion, acting_user=board.coordinator)
    page = client.get(reverse("incidents:case_detail", args=[case.pk])).content.decode()
    assert board.teacher.full_name in page
    client.force_login(board.teacher)
    assert client.get(reverse("incidents:case_detail", args=[case.pk])).status_code == 404


def test_the_exclusion_page_refuses_a_mentor_and_lifts_for_the_coordinator(client, board):
    case = open_case(board)
    client.force_login(board.mentor)
    assert client.post(reverse("incidents:case_conflicts", args=[case.pk]),
                       {"user": board.teacher.pk, "reason": "x"}).status_code == 403
    client.force_login(board.coordinator)
    bad = client.post(reverse("incidents:case_conflicts", args=[case.pk]), {"user": board.teacher.pk, "reason": ""})
    assert bad.status_code == 400 and "Schrijf op waarom" in bad.content.decode()
    ok = client.post(reverse("incidents:case_conflicts", args=[case.pk]), {"user": board.teacher.pk, "reason": "Ouder"})
    assert ok.status_code == 302
    with board.tenant():
        exclusion = CaseExclusion.objects.get(case=case, user=board.teacher)
    lifted = client.post(reverse("incidents:case_exclusion_lift", args=[case.pk, exclusion.pk]))
    assert lifted.status_code == 302
    with board.tenant():
        assert not CaseExclusion.objects.exists()


def test_the_subject_access_export_is_hidden_from_the_excluded(board):
    from monitoring.privacy.access import export_students_for
    case = open_case(board)
    with board.tenant():
        assert export_students_for(board.management).filter(pk=board.student.pk).exists()
    exclude(board, case, board.management)
    with board.tenant():
        assert not export_students_for(board.management).filter(pk=board.student.pk).exists()


def test_an_excluded_member_of_staff_cannot_be_added_to_the_case(board):
    from incidents.services.sharing import case_share

    case = open_case(board)
    exclude(board, case, board.teacher)
    with board.tenant(), pytest.raises(ValidationError) as refused:
        case_share(case=case, member=board.teacher, acting_user=board.coordinator)
    assert "uitgesloten" in refused.value.messages[0]
