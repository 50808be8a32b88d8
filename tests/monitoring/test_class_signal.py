"""The class signal: once, only with enough respondents, to mentor and coordinator, no names."""
import datetime as dt
import threading

import pytest
from django.db import connections
from django.utils import timezone

from incidents import access as incident_access
from incidents.models import Signal
from incidents.services import case_open
from monitoring import services as monitoring_services
from monitoring.class_signal import class_signal_check
from monitoring.instrument import load_instrument
from monitoring.models import ClassSignal, RoundClass
from monitoring.tasks import check_class_signals
from people.models import Notification
from people.tenancy import tenant_context
from tests.monitoring.survey import close_and_release, submit

pytestmark = pytest.mark.django_db


def store_response(*, raw_code, answers):
    submit(raw_code, answers)


def response_submit(*, raw_code, answers):
    """A submission (counted only when the round's results are released)."""
    submit(raw_code, answers)


def publish(survey):
    """The round closes, beat releases its results and runs the hourly class check."""
    close_and_release(survey)
    check_class_signals()

INSTRUMENT = load_instrument()


def answers(bullied: bool, via: str = "unsafe_acts.bullying"):
    values = {key: 0 for key in INSTRUMENT.item_keys}
    if bullied:
        values[via] = 4
    return values


def open_round(board, *, count=14, k=10, share=0.2):
    now = timezone.now()
    with board.tenant():
        survey = monitoring_services.round_create(
            organisation=board.organisation, acting_user=board.coordinator, name="Thermometer najaar",
            opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=7),
            class_ids=[board.school_class.pk], min_group_size=k,
        )
        survey.class_signal_share = share
        survey.save(update_fields=["class_signal_share"])
        rc = RoundClass.objects.get(round=survey)
        issued = monitoring_services.codes_issue(round_class=rc, count=count, acting_user=board.coordinator)
    return survey, rc, issued


def signals(board):
    with board.tenant():
        return list(Signal.objects.filter(source=Signal.Source.THERMOMETER))


def test_it_waits_for_enough_respondents_even_when_every_one_is_bullied(board):
    survey, _rc, codes = open_round(board)
    for code in codes[:9]:
        response_submit(raw_code=code, answers=answers(True))
    publish(survey)
    assert signals(board) == []
    survey, _rc, codes = open_round(board)
    for code in codes[:10]:
        response_submit(raw_code=code, answers=answers(True))
    check_class_signals()
    assert signals(board) == []  # not while the round is open: nothing is released yet
    publish(survey)
    assert len(signals(board)) == 1


def test_it_signals_once_when_the_share_passes_the_threshold(board):
    survey, rc, codes = open_round(board)
    for code in codes[:8]:
        response_submit(raw_code=code, answers=answers(False))
    response_submit(raw_code=codes[8], answers=answers(True, via="targeted_for.appearance"))
    response_submit(raw_code=codes[9], answers=answers(True))  # 10 respondents, 2 bullied: 20%
    publish(survey)
    made = signals(board)
    assert len(made) == 1
    signal = made[0]
    name = board.school_class.name
    assert signal.reported_by is None and signal.branch_id == board.branch.pk
    assert signal.description.startswith(f"De thermometer wijst op pesten in klas {name} (peiling ‘Thermometer najaar’)")
    with board.tenant():
        assert not signal.students.exists()
        assert ClassSignal.objects.get(round_class=rc).signal_id == signal.pk
    publish(survey)
    check_class_signals()
    assert len(signals(board)) == 1  # never twice


def test_it_does_not_signal_below_the_share(board):
    survey, _rc, codes = open_round(board, share=0.3)
    for i, code in enumerate(codes):
        response_submit(raw_code=code, answers=answers(i >= 10))  # at most 4 of 14 = 29%
    publish(survey)
    assert signals(board) == []


def test_no_student_is_named_anywhere(board):
    survey, _rc, codes = open_round(board, count=10)
    for code in codes:
        response_submit(raw_code=code, answers=answers(True))
    publish(survey)
    (signal,) = signals(board)
    with board.tenant():
        notes = list(Notification.objects.all())
    for student in (board.student, board.other_student):
        for text in [signal.description, *(n.title + n.body for n in notes)]:
            assert student.last_name not in text and student.first_name not in text


def test_the_mentor_and_the_coordinator_are_notified_and_the_coordinator_can_open_a_case(board):
    survey, _rc, codes = open_round(board, count=10)
    for code in codes:
        response_submit(raw_code=code, answers=answers(True))
    publish(survey)
    (signal,) = signals(board)
    with board.tenant():
        notes = {n.recipient_id: n for n in Notification.objects.filter(kind="thermometer_signal")}
    assert set(notes) == {board.mentor.pk, board.coordinator.pk}
    klas = board.school_class.name
    assert notes[board.coordinator.pk].title == f"De thermometer wijst op pesten in klas {klas}"
    assert notes[board.coordinator.pk].url == "/signalen/"
    assert notes[board.mentor.pk].url == "/mijn-zaken/"
    with board.tenant():
        assert incident_access.signals_for(board.coordinator).filter(pk=signal.pk).exists()
        assert not incident_access.signals_for(board.teacher).filter(pk=signal.pk).exists()
        case = case_open(signal=signal, acting_user=board.coordinator, title=f"Thermometer {klas}", mentor=board.mentor)
        assert case.mentor == board.mentor
        assert incident_access.cases_for(board.mentor).filter(pk=case.pk).exists()


def test_another_boards_class_is_not_touched(board, other_board):
    survey, rc, codes = open_round(board, count=10)
    for code in codes:
        response_submit(raw_code=code, answers=answers(True))
    publish(survey)
    with other_board.tenant():
        assert not Signal.objects.for_organisation(other_board.organisation).exists()
        assert not Notification.objects.for_organisation(other_board.organisation).exists()


def test_checking_again_makes_nothing_new(board):
    survey, rc, codes = open_round(board, count=10)
    for code in codes:
        response_submit(raw_code=code, answers=answers(True))
    publish(survey)
    with board.tenant():
        assert class_signal_check(round_class_id=rc.pk) is None
    assert len(signals(board)) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_checks_make_one_signal(board):
    survey, _rc, codes = open_round(board, count=14)
    for code in codes[:13]:
        response_submit(raw_code=code, answers=answers(True))
    close_and_release(survey)
    barrier = threading.Barrier(4)
    errors = []

    def check():
        try:
            barrier.wait()
            check_class_signals()
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=check) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with tenant_context(board.organisation):
        assert Signal.objects.filter(source=Signal.Source.THERMOMETER).count() == 1
        assert ClassSignal.objects.count() == 1


def test_storing_a_response_makes_no_signal_by_itself(board):
    """The signal's time must not point at the student who submitted last."""
    from incidents.models import Signal

    opened = open_round(board, count=10)
    codes = opened[-1]
    for code in codes:
        store_response(raw_code=code, answers=answers(True))
    close_and_release(opened[0])
    with board.tenant():
        assert not Signal.objects.filter(source="thermometer").exists()
    check_class_signals()
    with board.tenant():
        assert Signal.objects.filter(source="thermometer").count() == 1
