"""The class signal: once, only with enough respondents, to mentor and coordinator, no names."""
import datetime as dt
import threading

import pytest
from django.db import connections
from django.utils import timezone

from incidents import access as incident_access
from incidents.models import Signal
from incidents.services import case_open
from monitoring import codes as code_service
from monitoring.class_signal import class_signal_check
from monitoring.instrument import load_instrument
from monitoring.models import ClassSignal, RoundClass
from monitoring.submission import response_submit as store_response
from monitoring.tasks import check_class_signals
from people.models import Notification
from people.tenancy import tenant_context

pytestmark = pytest.mark.django_db


def response_submit(**kwargs):
    """A submission followed by the hourly class check (what beat does in production)."""
    store_response(**kwargs)
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
        survey = code_service.round_create(
            organisation=board.organisation, acting_user=board.coordinator, name="Thermometer najaar",
            opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=7),
            class_ids=[board.school_class.pk], min_group_size=k,
        )
        survey.class_signal_share = share
        survey.save(update_fields=["class_signal_share"])
        rc = RoundClass.objects.get(round=survey)
        issued = code_service.codes_issue(round_class=rc, count=count, acting_user=board.coordinator)
    return survey, rc, issued


def signals(board):
    with board.tenant():
        return list(Signal.objects.filter(source=Signal.Source.THERMOMETER))


def test_it_waits_for_enough_respondents_even_when_every_one_is_bullied(board):
    _survey, _rc, codes = open_round(board)
    for code in codes[:9]:
        response_submit(raw_code=code, answers=answers(True))
    assert signals(board) == []
    response_submit(raw_code=codes[9], answers=answers(True))
    assert len(signals(board)) == 1


def test_it_signals_once_when_the_share_passes_the_threshold(board):
    _survey, rc, codes = open_round(board)
    for code in codes[:8]:
        response_submit(raw_code=code, answers=answers(False))
    response_submit(raw_code=codes[8], answers=answers(True, via="targeted_for.appearance"))
    assert signals(board) == []  # 9 respondents
    response_submit(raw_code=codes[9], answers=answers(True))  # 10 respondents, 2 bullied: 20%
    made = signals(board)
    assert len(made) == 1
    signal = made[0]
    name = board.school_class.name
    assert signal.reported_by is None and signal.branch_id == board.branch.pk
    assert signal.description.startswith(f"De thermometer wijst op pesten in klas {name} (peiling ‘Thermometer najaar’)")
    with board.tenant():
        assert not signal.students.exists()
        assert ClassSignal.objects.get(round_class=rc).signal_id == signal.pk
    for code in codes[10:]:
        response_submit(raw_code=code, answers=answers(True))
    assert len(signals(board)) == 1  # never twice


def test_it_does_not_signal_below_the_share(board):
    _survey, _rc, codes = open_round(board, share=0.3)
    for i, code in enumerate(codes):
        response_submit(raw_code=code, answers=answers(i >= 10))  # at most 4 of 14 = 29%
    assert signals(board) == []


def test_no_student_is_named_anywhere(board):
    _survey, _rc, codes = open_round(board, count=10)
    for code in codes:
        response_submit(raw_code=code, answers=answers(True))
    (signal,) = signals(board)
    with board.tenant():
        notes = list(Notification.objects.all())
    for student in (board.student, board.other_student):
        for text in [signal.description, *(n.title + n.body for n in notes)]:
            assert student.last_name not in text and student.first_name not in text


def test_the_mentor_and_the_coordinator_are_notified_and_the_coordinator_can_open_a_case(board):
    _survey, _rc, codes = open_round(board, count=10)
    for code in codes:
        response_submit(raw_code=code, answers=answers(True))
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
    _survey, rc, codes = open_round(board, count=10)
    for code in codes:
        response_submit(raw_code=code, answers=answers(True))
    with other_board.tenant():
        assert not Signal.objects.for_organisation(other_board.organisation).exists()
        assert not Notification.objects.for_organisation(other_board.organisation).exists()


def test_checking_again_makes_nothing_new(board):
    _survey, rc, codes = open_round(board, count=10)
    for code in codes:
        response_submit(raw_code=code, answers=answers(True))
    with board.tenant():
        assert class_signal_check(round_class_id=rc.pk) is None
    assert len(signals(board)) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_make_one_signal(board):
    _survey, _rc, codes = open_round(board, count=14)
    for code in codes[:9]:
        response_submit(raw_code=code, answers=answers(True))
    barrier = threading.Barrier(4)
    errors = []

    def submit(code):
        try:
            barrier.wait()
            response_submit(raw_code=code, answers=answers(True))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(c,)) for c in codes[9:13]]
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
    with board.tenant():
        assert not Signal.objects.filter(source="thermometer").exists()
    check_class_signals()
    with board.tenant():
        assert Signal.objects.filter(source="thermometer").count() == 1
