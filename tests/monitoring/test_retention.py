"""Retention removes exactly what is due and nothing else; the policy refuses bad terms;
the daily task is idempotent and writes its report."""
from __future__ import annotations

import datetime as dt
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from incidents import services
from incidents.letters import services as letters
from incidents.models import (
    Case,
    ConfidentialNote,
    Evidence,
    FollowUp,
    Letter,
    Participant,
    Signal,
    SignalStudent,
    TimelineEntry,
)
from monitoring.models import RetentionPolicy, RetentionRun, TalkRequest
from monitoring.privacy import retention
from monitoring.privacy.policy import retention_policy_save
from monitoring.privacy.tasks import run_retention
from monitoring.talk import talk_request_create
from people.models import AuditEvent, Enrolment, Student
from people.roles import Role
from tests import factories as f
from tests.incidents.helpers import advance, log_signal, open_case, record

pytestmark = pytest.mark.django_db

TODAY = dt.date(2030, 9, 1)
LEFT_LONG_AGO = dt.date(2027, 7, 31)  # more than two years before TODAY
LEFT_RECENTLY = dt.date(2029, 7, 31)  # less than two years before TODAY


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def png(name="bewijs.png") -> SimpleUploadedFile:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def leave(board, student, on):
    with board.tenant():
        Student.objects.filter(pk=student.pk).update(left_on=on)


def close(board, case):
    return advance(board, case, "close_as_teasing", reason="Wederzijds plagen.")


def rich_closed_case(board):
    """A closed case with every kind of dependant: evidence file, correction, letter with
    PDF, follow-up, confidential note, linked signals."""
    case = open_case(board)
    with board.tenant():
        first = services.entry_record(case=case, acting_user=board.mentor, kind="conversation",
                                      attrs={"with": "target"}, text="Eerste gesprek.", files=[png()])
        services.entry_correct(entry=first, acting_user=board.mentor, text="Eerste gesprek, gecorrigeerd.")
        services.confidential_note_add(case=case, acting_user=board.adviser, text="Eigen aantekening.")
    record(board, case, "conversation", **{"with": "bully"})
    case = advance(board, case, "record_agreements")
    record(board, case, "agreement", text="Niet meer uitschelden.")
    with board.tenant():
        letter = letters.letter_draft(case=case, acting_user=board.mentor, kind="agreements", party="target_parents")
        letter = letters.letter_send(letter=letter, acting_user=board.mentor)
        services.signal_link(signal=log_signal(board), case=case, acting_user=board.coordinator)
        FollowUp.objects.create(organisation=board.organisation, case=case, deadline_key="test", label_nl="Test",
                                label_en="Test", owner_role="mentor", step=case.step, starts_on=TODAY, due_on=TODAY)
        Case.objects.filter(pk=case.pk).update(is_closed=True, step="closed", closed_at=dt.datetime(2027, 6, 1, tzinfo=dt.UTC))
    return case, letter


def plan(board, today=TODAY):
    with board.tenant():
        return retention.retention_plan(board.organisation.pk, today=today)


def apply(board, today=TODAY):
    with board.tenant():
        return retention.retention_apply(board.organisation.pk, today=today)


def test_a_closed_case_of_students_who_left_long_ago_is_removed_with_everything_in_it(
        board, django_capture_on_commit_callbacks):
    case, letter = rich_closed_case(board)
    with board.tenant():
        evidence = Evidence.objects.get(entry__case=case)
        files = [evidence.file.path, letter.pdf.path]
        counts = {
            "entries": TimelineEntry.objects.filter(case=case).count(),
            "signals": Signal.objects.filter(case=case).count(),
        }
    assert all(os.path.exists(p) for p in files)
    leave(board, board.student, LEFT_LONG_AGO)
    leave(board, board.other_student, LEFT_LONG_AGO)

    dry = plan(board)
    assert dry.case_ids == [case.pk] and dry.case_references == [case.reference]
    with django_capture_on_commit_callbacks(execute=True):
        run = apply(board)

    assert (run.cases, run.entries, run.evidence_files, run.letters, run.followups, run.confidential_notes,
            run.signals) == (1, counts["entries"], 1, 1, 1, 1, counts["signals"])
    assert run.students_removed == 2 and run.students_anonymised == 0
    assert run.status == RetentionRun.Status.DONE and run.removed["cases"] == [case.reference]
    assert dry.counts == {k: getattr(run, k) for k in RetentionRun.COUNT_FIELDS}
    with board.tenant():
        assert not Case.objects.filter(pk=case.pk).exists()
        for model in (TimelineEntry, Evidence, Letter, FollowUp, ConfidentialNote, Participant):
            assert not model.objects.filter(organisation=board.organisation).exists(), model
        assert not Signal.objects.filter(organisation=board.organisation).exists()
        assert not Student.objects.filter(pk__in=[board.student.pk, board.other_student.pk]).exists()
        assert not Enrolment.objects.filter(student_id=board.student.pk).exists()
        # The audit trail stays, with ids and no names.
        assert AuditEvent.objects.filter(object_type="incidents.case", object_id=str(case.pk)).exists()
    assert not any(os.path.exists(p) for p in files)


def test_a_student_who_left_recently_is_untouched(board):
    case = close(board, open_case(board))
    leave(board, board.student, LEFT_RECENTLY)
    leave(board, board.other_student, LEFT_RECENTLY)
    assert plan(board).is_empty
    run = apply(board)
    assert run.total == 0
    with board.tenant():
        assert Case.objects.filter(pk=case.pk).exists()
        assert Student.objects.get(pk=board.student.pk).first_name == board.student.first_name


def test_an_open_case_is_untouched_however_old(board):
    case = open_case(board)
    with board.tenant():
        Case.objects.filter(pk=case.pk).update(opened_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    leave(board, board.student, LEFT_LONG_AGO)
    leave(board, board.other_student, LEFT_LONG_AGO)
    run = apply(board)
    assert run.total == 0
    with board.tenant():
        assert Case.objects.filter(pk=case.pk, is_closed=False).exists()
        assert TimelineEntry.objects.filter(case=case).exists()
        student = Student.objects.get(pk=board.student.pk)
    assert student.full_name == board.student.full_name and student.external_id == board.student.external_id


def test_a_closed_case_with_a_student_still_at_school_stays_and_the_leaver_is_anonymised(board):
    case = close(board, open_case(board))
    leave(board, board.student, LEFT_LONG_AGO)  # the target left; the bully is still at school
    with board.tenant():
        entries = TimelineEntry.objects.filter(case=case).count()
    run = apply(board)
    assert (run.cases, run.entries, run.signals, run.students_removed) == (0, 0, 0, 0)
    assert run.students_anonymised == 1
    with board.tenant():
        assert Case.objects.filter(pk=case.pk).exists() and TimelineEntry.objects.filter(case=case).count() == entries
        assert Participant.objects.filter(case=case).count() == 2
        leaver = Student.objects.get(pk=board.student.pk)
        stayer = Student.objects.get(pk=board.other_student.pk)
        assert not Enrolment.objects.filter(student=leaver).exists()
    assert (leaver.first_name, leaver.infix, leaver.last_name) == ("Verwijderde", "", "leerling")
    assert leaver.full_name == "Verwijderde leerling" and leaver.date_of_birth is None
    assert leaver.external_id.startswith("verwijderd-") and leaver.external_id != board.student.external_id
    assert stayer.full_name == board.other_student.full_name


def test_a_second_run_removes_nothing(board, django_capture_on_commit_callbacks):
    rich_closed_case(board)
    close(board, open_case(board))  # a second, simpler case with the same students
    leave(board, board.student, LEFT_LONG_AGO)
    leave(board, board.other_student, LEFT_LONG_AGO)
    with django_capture_on_commit_callbacks(execute=True):
        first = apply(board)
    assert first.cases == 2
    second = apply(board)
    assert second.total == 0 and plan(board).is_empty


def test_a_student_in_a_new_signal_is_untouched_and_the_signal_stays(board):
    signal = log_signal(board)
    leave(board, board.student, LEFT_LONG_AGO)
    leave(board, board.other_student, LEFT_LONG_AGO)
    assert apply(board).total == 0
    with board.tenant():
        assert Signal.objects.filter(pk=signal.pk).exists()
        assert Student.objects.filter(pk=board.student.pk, first_name=board.student.first_name).exists()


def test_a_dismissed_signal_goes_when_its_students_left_long_ago(board):
    signal = log_signal(board)
    with board.tenant():
        services.signal_dismiss(signal=signal, acting_user=board.coordinator, reason="Geen pesten.")
    leave(board, board.student, LEFT_LONG_AGO)
    assert plan(board).signal_ids == []  # the other student is still at school
    leave(board, board.other_student, LEFT_LONG_AGO)
    run = apply(board)
    assert run.signals == 1 and run.students_removed == 2
    with board.tenant():
        assert not SignalStudent.objects.filter(signal_id=signal.pk).exists()


def test_a_talk_request_goes_with_its_handled_signal(board):
    with board.tenant():
        talk = talk_request_create(organisation_id=board.organisation.pk, branch_id=board.branch.pk,
                                   wants="mentor", name="Sam", class_name="2B")
        signal = Signal.objects.get(pk=talk.signal_id)
        services.signal_dismiss(signal=signal, acting_user=board.coordinator, reason="Gesprek gevoerd.")
        Signal.objects.filter(pk=signal.pk).update(reported_at=dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
    assert plan(board, today=dt.date(2028, 9, 1)).signal_ids == []
    run = apply(board)
    assert (run.signals, run.talk_requests) == (1, 1)
    with board.tenant():
        assert not TalkRequest.objects.filter(pk=talk.pk).exists()


def test_another_organisation_is_not_touched(board, other_board):
    close(board, open_case(board))
    other_case = close(other_board, open_case(other_board))
    for b in (board, other_board):
        leave(b, b.student, LEFT_LONG_AGO)
        leave(b, b.other_student, LEFT_LONG_AGO)
    assert apply(board).cases == 1
    with other_board.tenant():
        assert Case.objects.filter(pk=other_case.pk).exists()


def test_the_policy_terms_decide(board):
    close(board, open_case(board))
    leave(board, board.student, LEFT_LONG_AGO)
    leave(board, board.other_student, LEFT_LONG_AGO)
    board_management = f.make_staff(Role.BOARD_MANAGEMENT, organisation=board.organisation)
    with board.tenant():
        retention_policy_save(organisation_id=board.organisation.pk, acting_user=board_management,
                              case_years=5, student_years=5)
    assert plan(board).is_empty
    with board.tenant():
        retention_policy_save(organisation_id=board.organisation.pk, acting_user=board_management,
                              case_years=1, student_years=5)
    dry = plan(board)
    assert len(dry.case_ids) == 1 and dry.students_to_remove == []


# --- the policy -------------------------------------------------------------------------------
@pytest.mark.parametrize("case_years, student_years, field", [
    (0, 2, "case_years"), (21, 2, "case_years"), (2, -1, "student_years"), ("twee", 2, "case_years"),
])
def test_bad_terms_are_refused_in_dutch_and_nothing_is_saved(board, case_years, student_years, field):
    board_management = f.make_staff(Role.BOARD_MANAGEMENT, organisation=board.organisation)
    with board.tenant(), pytest.raises(ValidationError) as error:
        retention_policy_save(organisation_id=board.organisation.pk, acting_user=board_management,
                              case_years=case_years, student_years=student_years)
    assert error.value.message_dict[field][0] in ("Kies een termijn van 1 tot en met 20 jaar.", "Vul een heel aantal jaren in.")
    with board.tenant():
        assert not RetentionPolicy.objects.exists()


def test_the_policy_page_refuses_bad_terms_and_saves_good_ones(board):
    board_management = f.make_staff(Role.BOARD_MANAGEMENT, organisation=board.organisation)
    client = Client()
    client.force_login(board_management)
    url = reverse("monitoring:privacy_policy")
    response = client.post(url, {"case_years": "25", "student_years": "0"})
    assert response.status_code == 400
    assert response.content.decode().count("Kies een termijn van 1 tot en met 20 jaar.") >= 2
    with board.tenant():
        assert not RetentionPolicy.objects.exists()
    assert client.post(url, {"case_years": "3", "student_years": "4"}).status_code == 302
    with board.tenant():
        policy = RetentionPolicy.objects.get()
        assert (policy.case_years, policy.student_years, policy.updated_by) == (3, 4, board_management)
        assert AuditEvent.objects.filter(object_type="monitoring.retentionpolicy", action="update").exists()


@pytest.mark.parametrize("persona", ["management", "coordinator", "mentor"])
def test_only_board_management_changes_the_policy(board, persona):
    client = Client()
    client.force_login(getattr(board, persona))
    assert client.post(reverse("monitoring:privacy_policy"), {"case_years": "3", "student_years": "3"}).status_code == 404


def test_the_privacy_page_shows_the_reasoning_and_the_dry_run(board):
    board_management = f.make_staff(Role.BOARD_MANAGEMENT, organisation=board.organisation)
    client = Client()
    client.force_login(board_management)
    html = client.get(reverse("monitoring:privacy_index")).content.decode()
    assert "functionaris gegevensbescherming" in html and "artikel 5 lid 1 onder e" in html
    assert "Wat de bewaarronde vandaag zou verwijderen" in html
    branch_html = Client()
    branch_html.force_login(board.management)
    page = branch_html.get(reverse("monitoring:privacy_index")).content.decode()
    assert "functionaris gegevensbescherming" in page and "Termijnen wijzigen" not in page
    for persona in ("coordinator", "mentor", "teacher", "adviser", "board_coordinator"):
        client = Client()
        client.force_login(getattr(board, persona))
        assert client.get(reverse("monitoring:privacy_index")).status_code == 404


# --- the daily task -----------------------------------------------------------------------------
def test_the_daily_task_runs_once_per_organisation_and_day(board, other_board):
    close(board, open_case(board))
    leave(board, board.student, LEFT_LONG_AGO)
    leave(board, board.other_student, LEFT_LONG_AGO)
    first = run_retention(today=TODAY.isoformat())
    again = run_retention(today=TODAY.isoformat())
    assert first["removed"] >= 3 and first["failed"] == 0
    assert again == {"organisations": 0, "removed": 0, "failed": 0}
    with board.tenant():
        runs = list(RetentionRun.objects.for_organisation(board.organisation))
    assert len(runs) == 1 and runs[0].trigger == "scheduled" and runs[0].cases == 1
    next_day = run_retention(today=(TODAY + dt.timedelta(days=1)).isoformat())
    assert next_day["removed"] == 0 and next_day["organisations"] >= 2


def test_the_beat_schedule_runs_retention_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["privacy-retention"]
    assert entry["task"] == "monitoring.privacy.tasks.run_retention" and entry["schedule"] == 86400.0


def test_no_student_names_are_written_to_the_audit_trail(board, django_capture_on_commit_callbacks):
    """The audit trail stays after retention, so it must hold ids, not names."""
    rich_closed_case(board)
    with board.tenant():
        services.participant_add(case=Case.objects.first(), acting_user=board.coordinator, role="bystander",
                                 description="Iemand van buiten")
        details = [str(e.detail) for e in AuditEvent.objects.all()]
    names = [board.student.first_name, board.student.last_name, board.other_student.first_name,
             board.other_student.last_name]
    assert details and not any(name in detail for name in names for detail in details)
