"""Building dossiers in tests through the real services (as Zulip's tests use real actions)."""
from __future__ import annotations

from incidents import services
from incidents.services import SignalStudentInput
from protocol import vocabulary as v
from protocol.models import OrganisationProtocol


def use_protocol(board, key: str) -> None:
    with board.tenant():
        OrganisationProtocol.objects.update_or_create(organisation=board.organisation, defaults={"protocol_key": key})


def log_signal(board, *, by=None, description="Wordt uitgescholden in de kantine.", forms=("verbal",), bully=None):
    with board.tenant():
        return services.signal_create(
            organisation=board.organisation,
            branch=board.branch,
            reported_by=by or board.mentor,
            description=description,
            forms=list(forms),
            students=[
                SignalStudentInput(role=v.ParticipantRole.TARGET, student_id=board.student.pk),
                SignalStudentInput(role=v.ParticipantRole.BULLY, student_id=(bully or board.other_student).pk),
            ],
        )


#: Many tests open several cases about the same target; a second case needs a reason
#: (incidents.patterns; tests/incidents/test_patterns.py tests the question itself).
SECOND_CASE_REASON = "Een andere situatie (test)."


def open_case(board, **kwargs):
    signal = log_signal(board, **kwargs)
    with board.tenant():
        return services.case_open(signal=signal, acting_user=board.coordinator, second_case_reason=SECOND_CASE_REASON)


def record(board, case, record_kind, by=None, text="", **attrs):
    with board.tenant():
        return services.entry_record(case=case, acting_user=by or board.mentor, kind=record_kind, attrs=attrs, text=text)


def advance(board, case, transition, by=None, **params):
    with board.tenant():
        case.refresh_from_db()
        return services.case_transition(
            case=case, acting_user=by or board.coordinator, transition_key=transition, expected_step=case.step, params=params
        )


def walk_to_monitoring(board, case):
    """Six-step protocol: steps 1 and 2 with every record they need."""
    record(board, case, "conversation", **{"with": "target"})
    record(board, case, "conversation", **{"with": "bully"})
    case = advance(board, case, "record_agreements")
    record(board, case, "agreement", text="Niet meer uitschelden; elke vrijdag even bijpraten.")
    record(board, case, "head_of_department_informed")
    record(board, case, "parents_informed", party="target_parents", method="telefoon")
    record(board, case, "parents_informed", party="bully_parents", method="telefoon")
    return advance(board, case, "start_monitoring")
