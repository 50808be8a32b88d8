"""Signals, cases and the six-step protocol through the services."""
import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from incidents import services
from incidents.errors import ProtocolRefusal, TransitionConflict
from incidents.models import Signal, TimelineEntry
from incidents.services import SignalStudentInput
from protocol import vocabulary as v

from .helpers import advance, log_signal, open_case, record, walk_to_monitoring

pytestmark = pytest.mark.django_db


def test_a_mentor_logs_a_signal_and_the_coordinator_opens_a_case(board):
    signal = log_signal(board)
    assert signal.status == Signal.Status.NEW
    with board.tenant():
        case = services.case_open(signal=signal, acting_user=board.coordinator)
        signal.refresh_from_db()
        roles = sorted(case.participants.values_list("role", flat=True))
        first = TimelineEntry.objects.get(case=case)
    assert (case.protocol_key, case.protocol_version, case.step) == ("six_step", 1, "investigate")
    assert (case.mentor_id, case.coordinator_id) == (board.mentor.pk, board.coordinator.pk)
    assert roles == ["bully", "target"]
    assert signal.status == Signal.Status.LINKED and signal.case_id == case.pk
    assert first.kind == "incident" and "kantine" in first.text
    assert case.reference.endswith("-0001")


def test_a_teacher_cannot_open_a_case(board):
    signal = log_signal(board, by=board.teacher)
    with board.tenant(), pytest.raises(PermissionDenied):
        services.case_open(signal=signal, acting_user=board.teacher)


def test_a_signal_needs_a_description_and_a_known_student(board, other_board):
    with board.tenant():
        with pytest.raises(ValidationError) as missing:
            services.signal_create(organisation=board.organisation, branch=board.branch, reported_by=board.mentor,
                                   description="  ", students=[SignalStudentInput(role="target", student_id=board.student.pk)])
        assert "description" in missing.value.message_dict
        with pytest.raises(ValidationError) as foreign:
            services.signal_create(organisation=board.organisation, branch=board.branch, reported_by=board.mentor,
                                   description="x", students=[SignalStudentInput(role="target", student_id=other_board.student.pk)])
        assert "students" in foreign.value.message_dict
        assert not Signal.objects.exists()


def test_the_case_walks_to_monitoring_when_every_guard_is_met(board):
    case = walk_to_monitoring(board, open_case(board))
    assert case.step == "monitoring"
    assert case.highest_step_number == "3"


def test_step_two_refuses_with_the_missing_records_listed(board):
    case = open_case(board)
    with pytest.raises(ProtocolRefusal) as refused:
        advance(board, case, "record_agreements")
    assert any("gesprek met de gepeste leerling" in m for m in refused.value.messages)
    assert any("pester" in m for m in refused.value.messages)
    with board.tenant():
        case.refresh_from_db()
    assert case.step == "investigate"


def test_mediation_needs_the_targets_consent(board):
    case = open_case(board)
    with pytest.raises(ProtocolRefusal) as refused:
        record(board, case, "intervention", kind="mediation")
    assert "toestemming" in " ".join(refused.value.messages)
    record(board, case, "consent", **{"for": "mediation", "given": True})
    entry = record(board, case, "intervention", kind="mediation")
    assert entry.attrs == {"kind": "mediation"}


def test_a_stale_step_gives_a_conflict_and_changes_nothing(board):
    case = open_case(board)
    record(board, case, "conversation", **{"with": "target"})
    record(board, case, "conversation", **{"with": "bully"})
    with board.tenant():
        services.case_transition(case=case, acting_user=board.coordinator, transition_key="record_agreements",
                                 expected_step="investigate")
        with pytest.raises(TransitionConflict):
            services.case_transition(case=case, acting_user=board.mentor, transition_key="record_agreements",
                                     expected_step="investigate")
        assert TimelineEntry.objects.filter(case=case, kind="step_change").count() == 1


def test_closing_as_teasing_needs_a_reason_and_can_be_reopened(board):
    case = open_case(board)
    with pytest.raises(ProtocolRefusal):
        advance(board, case, "close_as_teasing")
    case = advance(board, case, "close_as_teasing", reason="Wederzijds plagen; beiden hebben plezier.")
    assert case.is_closed and case.step == "closed_teasing"
    with pytest.raises(ProtocolRefusal):
        record(board, case, "conversation", **{"with": "target"})
    case = advance(board, case, "reopen", reason="Toch opnieuw gemeld.")
    assert not case.is_closed and case.step == "investigate"


def test_closing_after_monitoring_waits_four_school_weeks(board):
    with time_machine.travel(dt.datetime(2026, 10, 5, 10, tzinfo=dt.UTC), tick=False):
        case = walk_to_monitoring(board, open_case(board))
        record(board, case, "evaluation", outcome="stopped")
        with pytest.raises(ProtocolRefusal) as refused:
            advance(board, case, "close_after_monitoring")
        assert "vier weken" in " ".join(refused.value.messages)
    # Monitoring began Monday 5 October; the autumn holiday (midden: 17–25 October 2026)
    # does not count, so four school weeks end on 9 November, not 2 November.
    with time_machine.travel(dt.datetime(2026, 11, 6, 10, tzinfo=dt.UTC), tick=False):
        with pytest.raises(ProtocolRefusal):
            advance(board, case, "close_after_monitoring")
    with time_machine.travel(dt.datetime(2026, 11, 9, 10, tzinfo=dt.UTC), tick=False):
        # The evaluation of day 0 does not decide: the one after the four weeks does.
        with pytest.raises(ProtocolRefusal) as early:
            advance(board, case, "close_after_monitoring")
        assert "na afloop van de termijn" in " ".join(early.value.messages)
        record(board, case, "evaluation", outcome="stopped")
        case = advance(board, case, "close_after_monitoring")
    assert case.step == "closed"


def test_bad_attributes_are_refused_in_plain_language(board):
    case = open_case(board)
    with pytest.raises(ValidationError) as bad:
        record(board, case, "conversation", **{"with": "de buurman"})
    assert "with" in bad.value.message_dict
    with pytest.raises(ValidationError):
        record(board, case, "conversation")
    with board.tenant():
        assert TimelineEntry.objects.filter(case=case).count() == 1


def test_a_correction_replaces_an_entry_and_keeps_both(board):
    case = open_case(board)
    wrong = record(board, case, "conversation", text="Gesprek met de pester", **{"with": "target"})
    with board.tenant():
        fixed = services.entry_correct(entry=wrong, acting_user=board.mentor, text="Gesprek met de pester", attrs={"with": "bully"})
        assert TimelineEntry.objects.filter(case=case, kind="conversation").count() == 2
        with pytest.raises(ValidationError):
            services.entry_correct(entry=wrong, acting_user=board.mentor, text="nogmaals")
    assert fixed.corrects == wrong
    # The protocol now sees a talk with the bully, not with the target.
    with pytest.raises(ProtocolRefusal) as refused:
        advance(board, case, "record_agreements")
    assert any("gepeste" in m for m in refused.value.messages)
    assert v.RecordKind.CONVERSATION == "conversation"


def test_only_case_workers_add_to_the_dossier(board):
    case = open_case(board, by=board.teacher)  # the teacher reported the signal
    entry = record(board, case, "conversation", **{"with": "target"})
    with board.tenant():
        for attempt in (
            lambda: services.entry_record(case=case, acting_user=board.teacher, kind="note", text="x"),
            lambda: services.entry_correct(entry=entry, acting_user=board.teacher, text="x"),
            lambda: services.participant_add(case=case, acting_user=board.teacher, role="bystander", description="onbekend"),
            lambda: services.entry_record(case=case, acting_user=board.adviser, kind="note", text="x"),
        ):
            with pytest.raises(PermissionDenied):
                attempt()


def test_a_signal_links_only_to_an_open_case_of_its_own_branch(board):
    case = advance(board, open_case(board), "close_as_teasing", reason="Plagen.")
    signal = log_signal(board)
    with board.tenant(), pytest.raises(ValidationError, match="gesloten"):
        services.signal_link(signal=signal, case=case, acting_user=board.coordinator)


def test_a_signal_names_only_students_of_its_own_branch(board):
    from tests import factories as f

    elsewhere = f.StudentFactory(branch=board.other_branch)
    with board.tenant(), pytest.raises(ValidationError):
        services.signal_create(organisation=board.organisation, branch=board.branch, reported_by=board.teacher,
                               description="x", students=[SignalStudentInput(role="target", student_id=elsewhere.pk)])


def test_my_cases_say_a_term_is_running_until_its_due_date(board):
    from incidents.selectors import needs_next

    with time_machine.travel(dt.datetime(2026, 10, 5, 10, tzinfo=dt.UTC), tick=False):
        case = walk_to_monitoring(board, open_case(board))
    with board.tenant():
        line = needs_next([case], today=dt.date(2026, 10, 12))[case.pk]
    assert line.startswith("Vier weken controle") and line.endswith("tot 09-11-2026")
