"""The routes protocol (seed 002 chapters 2-4) walked through its paths with the real
services, on real days across the autumn, Christmas and summer holidays of region noord
(the Friesland board). Issue 12: items 1, 2, 4, 5, 9."""
import pytest

from incidents.errors import ProtocolRefusal
from incidents.models import FollowUp
from protocol import vocabulary as v

from .helpers import use_protocol
from .walks import add_participant, advance, new_student, on, open_about, record, use_region

pytestmark = pytest.mark.django_db


@pytest.fixture
def friesland(board):
    use_protocol(board, "routes")
    use_region(board, "noord")
    return board


def refused(call, *args, **kwargs) -> str:
    with pytest.raises(ProtocolRefusal) as error:
        call(*args, **kwargs)
    return " ".join(error.value.messages)


def to_route(board, case, route: str):
    """Steps 1-3: orienting talk, note, coordinator; the target's parents; the route."""
    record(board, case, "conversation", **{"with": "target"})
    record(board, case, "note", text="Vermoeden besproken in de docentengroep.")
    record(board, case, "coordinator_informed")
    case = advance(board, case, "suspicion_explored")
    record(board, case, "parents_informed", party="target_parents", method="telefoon")
    case = advance(board, case, "parents_informed")
    record(board, case, "route_chosen", route=route)
    return advance(board, case, f"choose_route_{route.lower()}")


def term(board, case, key):
    with board.tenant():
        return FollowUp.objects.filter(case=case, deadline_key=key).order_by("-id").first()


def test_route_c_to_e_to_d_with_a_suspect_who_turns_out_to_be_the_bully_across_autumn(friesland):
    board = friesland
    suspect = new_student(board)
    with on("2026-09-21"):
        case = to_route(board, open_about(board, bully_description="onbekend"), "C")
        record(board, case, "conversation", **{"with": "target"})
        # Route C: first decide with the student whether the parents are told (seed 002 step 3).
        assert "besluit" in refused(record, board, case, "parents_informed", party="target_parents")
        record(board, case, "parents_decision", inform=False, text="Leerling wil het zelf vertellen.")
        record(board, case, "note")
        record(board, case, "evaluation", outcome="continues")
        record(board, case, "route_chosen", route="D")
        # Route D is "de dader is bekend": not while nobody is named.
        assert "onbekend" in refused(advance, board, case, "route_c_to_d")
        record(board, case, "route_chosen", route="E")
        case = advance(board, case, "route_c_to_e")
    with on("2026-10-05"):  # autumn holiday noord: 10-18 October
        record(board, case, "conversation", **{"with": "target_and_parents"})
        add_participant(board, case, v.ParticipantRole.SUSPECTED_BULLY, student=suspect)
        for kind in ("head_of_department_informed", "care_coordinator_informed", "note"):
            record(board, case, kind)
        # A suspected bully at this school must be talked to individually (E.1).
        assert "individuele gesprek" in refused(advance, board, case, "close_route_e")
        record(board, case, "conversation", **{"with": "suspected_bully"}, text="Hij geeft het toe.")
        record(board, case, "route_chosen", route="D")
        assert "onbekend" in refused(advance, board, case, "route_e_to_d")
        add_participant(board, case, v.ParticipantRole.BULLY, student=suspect)
        case = advance(board, case, "route_e_to_d")
        record(board, case, "head_of_department_informed")
        record(board, case, "conversation", **{"with": "bully_and_parents"})
        record(board, case, "parents_informed", party="target_parents")
        record(board, case, "note")
        record(board, case, "follow_up", **{"with": "target"})
    # Entered route D on 5 October: two school weeks, the autumn week (noord) not counted.
    assert str(term(board, case, "follow_target").due_on) == "2026-10-26"
    with on("2026-10-23"):
        record(board, case, "evaluation", outcome="stopped")
        message = refused(advance, board, case, "close_route_d")
        assert "volg ook de dader" in message and "termijn" in message
    with on("2026-10-26"):
        record(board, case, "follow_up", **{"with": "bully"})
        record(board, case, "evaluation", outcome="stopped")
        case = advance(board, case, "close_route_d")
    assert case.step == "closed"


def test_route_b_reports_to_the_bullys_parents_and_closes_after_christmas(friesland):
    board = friesland
    with on("2026-12-14"):  # Christmas holiday 19 December - 3 January
        case = to_route(board, open_about(board, bully=board.other_student), "B")
        record(board, case, "consent", **{"for": "mediation", "given": True})
        record(board, case, "intervention", kind="mediation")
        for kind in ("head_of_department_informed", "care_coordinator_informed", "note"):
            record(board, case, kind)
        record(board, case, "agreement", text="Geen berichten meer in de groepsapp.")
        # B.2 "meldt de gebeurtenis bij de ouders": the bully's parents now; the target's
        # parents were informed at step 2 and are not asked for again.
        message = refused(advance, board, case, "close_route_b")
        assert "ouders van de dader" in message and "slachtoffer zijn geïnformeerd" not in message
        record(board, case, "parents_informed", party="bully_parents")
        record(board, case, "follow_up", **{"with": "target_and_bully"})
    assert str(term(board, case, "follow_up_meeting").due_on) == "2027-01-11"
    with on("2027-01-08"):
        record(board, case, "evaluation", outcome="stopped")
        assert "termijn" in refused(advance, board, case, "close_route_b")
    with on("2027-01-11"):
        record(board, case, "evaluation", outcome="stopped")
        record(board, case, "evaluation", outcome="continues")
        assert "gestopt" in refused(advance, board, case, "close_route_b")  # the latest decides
        record(board, case, "evaluation", outcome="stopped")
        case = advance(board, case, "close_route_b")
    assert case.step == "closed"


def test_route_a_follows_the_student_through_the_summer_holiday(friesland):
    board = friesland
    with on("2026-06-29"):  # summer holiday noord: 4 July - 16 August 2026
        case = to_route(board, open_about(board, bully=board.other_student), "A")
        record(board, case, "intervention", kind="class_lesson")
        record(board, case, "parents_informed", party="target_parents")
        record(board, case, "follow_up", **{"with": "target"})
    assert str(term(board, case, "follow_target").due_on) == "2026-08-24"
    with on("2026-08-24"):
        record(board, case, "evaluation", outcome="stopped")
        case = advance(board, case, "close_route_a")
    assert case.step == "closed"


def test_an_unfounded_suspicion_has_its_own_exit_with_a_reason(friesland):
    board = friesland
    case = open_about(board, bully_description="onbekend")
    assert "reden" in refused(advance, board, case, "close_unfounded").lower()
    case = advance(board, case, "close_unfounded", reason="Het oriënterend gesprek bevestigt het niet.")
    assert case.step == "closed_unfounded" and case.is_closed
    case = advance(board, case, "reopen", reason="Nieuwe signalen.")
    assert case.step == "suspicion"


def test_a_criminal_case_in_the_routes_protocol_needs_the_police_to_close(friesland):
    board = friesland
    with on("2026-09-07"):
        case = to_route(board, open_about(board, bully=board.other_student, forms=("material",),
                                          criminal_offence=True), "A")
        record(board, case, "intervention", kind="class_lesson")
        record(board, case, "parents_informed", party="target_parents")
        record(board, case, "follow_up", **{"with": "target"})
    with on("2026-09-21"):
        record(board, case, "evaluation", outcome="stopped")
        assert "politie" in refused(advance, board, case, "close_route_a")
        record(board, case, "police_informed", text="Diefstal gemeld bij de wijkagent.")
        assert advance(board, case, "close_route_a").is_closed


def test_sanctions_only_in_routes_b_and_d(friesland):
    board = friesland
    case = to_route(board, open_about(board, bully=board.other_student), "A")
    assert "Route B" in refused(record, board, case, "sanction", kind="detention")
    other = to_route(board, open_about(board, bully=board.other_student), "B")
    record(board, other, "sanction", kind="detention")
