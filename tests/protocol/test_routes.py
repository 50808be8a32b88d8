"""The routes protocol of seed 002 (chapters 2-4): steps 1-3, routes A-E, closing,
teasing and reopen, with every transition allowed and refused."""

from __future__ import annotations

import pytest

from protocol.definitions import ROUTES_V1 as ROUTES
from protocol.definitions.routes import OPEN_STEPS
from protocol.engine import TransitionRefused, can_record, open_deadlines
from tests.protocol.test_engine import (
    BRANCH_MANAGEMENT,
    COORDINATOR,
    MENTOR,
    CaseDriver,
    unmet_keys,
)

SUPPORT_STAFF = ("support_staff",)
REASON = {"reason": "Geen pesten: een eenmalig conflict tussen gelijken."}


def at_choice() -> CaseDriver:
    case = CaseDriver.start(ROUTES)
    case.record("conversation", {"with": "target"})
    case.record("note")
    case.record("coordinator_informed")
    case.go("suspicion_explored", MENTOR)
    case.record("parents_informed", {"party": "target_parents"})
    case.go("parents_informed", MENTOR)
    assert case.step == "choose_route"
    return case


def do_route(case: CaseDriver, step: str, *, suspect_here: bool = False) -> None:
    """Carry out what the route requires (seed 002 chapter 4)."""
    if step == "route_a":
        case.record("intervention", {"kind": "class_lesson"})
        case.record("parents_informed", {"party": "target_parents"})
    elif step == "route_b":
        case.record("consent", {"for": "mediation"})
        case.record("intervention", {"kind": "mediation"})
        for kind in (
            "head_of_department_informed",
            "coordinator_informed",
            "care_coordinator_informed",
        ):
            case.record(kind)
        case.record("parents_informed", {"party": "bully_parents"})
        case.record("agreement")
        case.record("note")
    elif step == "route_c":
        case.record("conversation", {"with": "target"})
        case.record("parents_decision", {"inform": True})
        case.record("parents_informed", {"party": "target_parents"})
        case.record("note")
    elif step == "route_d":
        case.record("head_of_department_informed")
        case.record("conversation", {"with": "bully_and_parents"})
        case.record("parents_informed", {"party": "target_parents"})
        case.record("note")
    elif step == "route_e":
        case.record("conversation", {"with": "target_and_parents"})
        if suspect_here:
            case.record("conversation", {"with": "bully"})
        case.record("note")
        for kind in (
            "head_of_department_informed",
            "coordinator_informed",
            "care_coordinator_informed",
        ):
            case.record(kind)
        case.record("parents_informed", {"party": "target_parents"})


def on_route(route: str) -> CaseDriver:
    case = at_choice()
    case.record("route_chosen", {"route": route})
    case.go(f"choose_route_{route.lower()}", MENTOR)
    return case


# ------------------------------------------------------------------------ steps 1-3


def test_step_1_needs_the_orienting_talk_a_note_and_the_coordinator():
    case = CaseDriver.start(ROUTES)
    assert unmet_keys(case.check("suspicion_explored", MENTOR)) == {
        "orienting_talk",
        "note",
        "coordinator_involved",
    }
    case.record("conversation", {"with": "target"})
    case.record("note")
    assert unmet_keys(case.check("suspicion_explored", MENTOR)) == {"coordinator_involved"}
    case.record("coordinator_informed")
    assert unmet_keys(case.check("suspicion_explored", SUPPORT_STAFF)) == {"role"}
    assert case.go("suspicion_explored", MENTOR) == "inform_parents"


def test_step_2_needs_the_targets_parents_informed():
    case = at_choice()  # proves the happy path
    assert case.step == "choose_route"
    fresh = CaseDriver.start(ROUTES)
    fresh.record("conversation", {"with": "target"})
    fresh.record("note")
    fresh.record("coordinator_informed")
    fresh.go("suspicion_explored", MENTOR)
    fresh.record("parents_informed", {"party": "bully_parents"})
    assert unmet_keys(fresh.check("parents_informed", MENTOR)) == {"target_parents_informed"}


@pytest.mark.parametrize("route", ["A", "B", "C"])
def test_step_3_follows_the_route_chosen_with_the_student(route):
    case = at_choice()
    key = f"choose_route_{route.lower()}"
    assert unmet_keys(case.check(key, MENTOR)) == {f"route_{route.lower()}_chosen"}
    other = {"A": "B", "B": "C", "C": "A"}[route]
    case.record("route_chosen", {"route": other})
    assert unmet_keys(case.check(key, MENTOR)) == {f"route_{route.lower()}_chosen"}
    case.record("route_chosen", {"route": route})
    assert unmet_keys(case.check(key, SUPPORT_STAFF)) == {"role"}
    assert case.go(key, MENTOR) == f"route_{route.lower()}"


def test_routes_d_and_e_cannot_be_chosen_in_step_3():
    case = at_choice()
    assert unmet_keys(can_record(ROUTES, case.facts, "route_chosen", {"route": "D"})) == {"step"}
    case = on_route("A")
    assert unmet_keys(can_record(ROUTES, case.facts, "route_chosen", {"route": "B"})) == {"step"}


# --------------------------------------------------------------------------- routes


@pytest.mark.parametrize(
    ("route", "unmet"),
    [
        ("A", {"class_lesson", "target_parents_informed"}),
        (
            "B",
            {
                "mediation_held",
                "team_leader_informed",
                "care_coordinator_informed",
                "bully_parents_informed",
                "agreements_noted",
                "note",
            },
        ),
        (
            "C",
            {"talked_with_target", "parents_decision", "parents_informed_as_decided", "note"},
        ),
    ],
)
def test_a_route_escalates_to_d_only_when_done_and_the_bullying_goes_on(route, unmet):
    case = on_route(route)
    key = f"route_{route.lower()}_to_d"
    assert unmet_keys(case.check(key, MENTOR)) == unmet | {
        "evaluation_continues",
        "route_d_chosen",
    }
    do_route(case, f"route_{route.lower()}")
    case.record("evaluation", {"outcome": "continues"})
    assert unmet_keys(case.check(key, MENTOR)) == {"route_d_chosen"}
    case.record("route_chosen", {"route": "D"})
    assert unmet_keys(case.check(key, SUPPORT_STAFF)) == {"role"}
    assert case.go(key, MENTOR) == "route_d"


@pytest.mark.parametrize("route", ["A", "C"])
def test_a_route_escalates_to_e_when_the_bully_is_unknown(route):
    case = on_route(route)
    do_route(case, f"route_{route.lower()}")
    case.record("evaluation", {"outcome": "continues"})
    case.record("route_chosen", {"route": "E"})
    assert case.go(f"route_{route.lower()}_to_e", MENTOR) == "route_e"


def test_route_b_knows_the_bully_so_it_has_no_way_to_e():
    assert "route_b_to_e" not in {t.key for t in ROUTES.transitions}


def test_route_b_mediation_needs_consent_or_the_other_school_instead():
    case = on_route("B")
    assert not can_record(ROUTES, case.facts, "intervention", {"kind": "mediation"}).allowed
    case.record("other_school_contacted")
    assert "mediation_held" not in unmet_keys(case.check("route_b_to_d", MENTOR))
    assert "agreements_noted" not in unmet_keys(case.check("route_b_to_d", MENTOR))


def test_route_b_may_suspend_with_the_legal_paperwork():
    case = on_route("B")
    do_route(case, "route_b")
    s = case.record("suspension", {"school_days": 2}, roles=BRANCH_MANAGEMENT)
    case.record("evaluation", {"outcome": "continues"})
    case.record("route_chosen", {"route": "D"})
    assert unmet_keys(case.check("route_b_to_d", MENTOR)) == {
        "suspension_letter",
        "suspension_inspectorate",
    }
    case.record("suspension_decision_letter", {"suspension": s.id}, roles=BRANCH_MANAGEMENT)
    case.record("inspectorate_notified", {"suspension": s.id}, roles=BRANCH_MANAGEMENT)
    assert case.go("route_b_to_d", MENTOR) == "route_d"
    assert not can_record(ROUTES, case.facts, "suspension", {"school_days": 6}).allowed


def test_suspension_is_refused_on_the_non_confronting_routes():
    for route in ("A", "C"):
        case = on_route(route)
        report = can_record(
            ROUTES, case.facts, "suspension", {"school_days": 1}, actor_roles=BRANCH_MANAGEMENT
        )
        assert unmet_keys(report) == {"step"}


def test_route_d_talks_with_bully_and_parents_or_contacts_the_other_school():
    case = on_route("A")
    do_route(case, "route_a")
    case.record("evaluation", {"outcome": "continues"})
    case.record("route_chosen", {"route": "D"})
    case.go("route_a_to_d", MENTOR)
    assert unmet_keys(case.check("close_route_d", COORDINATOR)) == {
        "team_leader_informed",
        "talked_with_bully_and_parents",
        "target_parents_informed",
        "note",
        "followed_up",
        "bully_followed_up",
        "follow_period_elapsed",
        "evaluation_stopped",
    }
    case.record("other_school_contacted")
    assert "talked_with_bully_and_parents" not in unmet_keys(
        case.check("close_route_d", COORDINATOR)
    )
    assert {o.deadline.key for o in open_deadlines(ROUTES, case.facts)} == {
        "follow_target",
        "follow_bully",
    }


def test_route_e_talks_with_a_suspect_at_this_school():
    case = on_route("C")
    do_route(case, "route_c")
    case.record("evaluation", {"outcome": "continues"})
    case.record("route_chosen", {"route": "E"})
    case.go("route_c_to_e", MENTOR)
    do_route(case, "route_e")
    case.set_flags(follow_period_elapsed=True)
    case.record("evaluation", {"outcome": "stopped"})
    case.record("follow_up", {"with": "target"})
    assert case.check("close_route_e", COORDINATOR).allowed
    case.set_flags(suspected_bully_at_school=True)
    assert unmet_keys(case.check("close_route_e", COORDINATOR)) == {"talked_with_suspect"}
    case.record("conversation", {"with": "suspected_bully"})
    assert case.go("close_route_e", COORDINATOR) == "closed"


def test_route_e_goes_to_d_once_the_suspect_turns_out_to_be_the_bully():
    case = on_route("A")
    do_route(case, "route_a")
    case.record("evaluation", {"outcome": "continues"})
    case.record("route_chosen", {"route": "E"})
    case.go("route_a_to_e", MENTOR)
    assert unmet_keys(case.check("route_e_to_d", MENTOR)) == {
        "talked_with_target_and_parents",
        "route_d_chosen",
    }
    case.record("conversation", {"with": "target_and_parents"})
    case.record("route_chosen", {"route": "D"})
    assert case.go("route_e_to_d", MENTOR) == "route_d"


@pytest.mark.parametrize("route", ["A", "B", "C"])
def test_a_route_closes_when_done_followed_up_and_stopped(route):
    step = f"route_{route.lower()}"
    case = on_route(route)
    do_route(case, step)
    case.record("evaluation", {"outcome": "stopped"})
    assert unmet_keys(case.check(f"close_{step}", COORDINATOR)) == {
        "followed_up",
        "follow_period_elapsed",
        "evaluation_stopped",
    }
    case.set_flags(follow_period_elapsed=True)
    case.record("evaluation", {"outcome": "stopped"})
    assert unmet_keys(case.check(f"close_{step}", COORDINATOR)) == {"followed_up"}
    follow = {"with": "target_and_bully"} if route == "B" else {"with": "target"}
    if route == "B":
        assert [o.deadline.key for o in open_deadlines(ROUTES, case.facts)] == ["follow_up_meeting"]
    else:
        assert [o.deadline.key for o in open_deadlines(ROUTES, case.facts)] == ["follow_target"]
    case.record("follow_up", follow)
    assert open_deadlines(ROUTES, case.facts) == ()
    assert unmet_keys(case.check(f"close_{step}", MENTOR)) == {"role"}
    with pytest.raises(TransitionRefused):
        case.go(f"close_{step}", MENTOR)
    assert case.go(f"close_{step}", COORDINATOR) == "closed"


def test_a_full_route_d_case_closes():
    case = on_route("B")
    do_route(case, "route_b")
    case.record("evaluation", {"outcome": "continues"})
    case.record("route_chosen", {"route": "D"})
    case.go("route_b_to_d", MENTOR)
    do_route(case, "route_d")
    case.set_flags(follow_period_elapsed=True)
    case.record("follow_up", {"with": "target"})
    assert unmet_keys(case.check("close_route_d", COORDINATOR)) == {
        "bully_followed_up",
        "evaluation_stopped",
    }
    case.record("follow_up", {"with": "bully"})
    case.record("evaluation", {"outcome": "stopped"})
    assert case.go("close_route_d", ("board_coordinator",)) == "closed"


# -------------------------------------------------------------------- teasing and reopen


def reach(step: str) -> CaseDriver:
    if step == "suspicion":
        return CaseDriver.start(ROUTES)
    if step == "inform_parents":
        case = CaseDriver.start(ROUTES)
        case.record("conversation", {"with": "target"})
        case.record("note")
        case.record("coordinator_informed")
        case.go("suspicion_explored", MENTOR)
        return case
    if step == "choose_route":
        return at_choice()
    if step in ("route_a", "route_b", "route_c"):
        return on_route(step[-1].upper())
    case = on_route("C")
    do_route(case, "route_c")
    case.record("evaluation", {"outcome": "continues"})
    case.record("route_chosen", {"route": step[-1].upper()})
    case.go(f"route_c_to_{step[-1]}", MENTOR)
    return case


@pytest.mark.parametrize("step", OPEN_STEPS)
def test_any_open_step_can_be_closed_as_teasing(step):
    case = reach(step)
    assert case.step == step
    assert unmet_keys(case.check("close_as_teasing", COORDINATOR)) == {"reason"}
    assert unmet_keys(case.check("close_as_teasing", MENTOR, REASON)) == {"role"}
    assert case.go("close_as_teasing", ("board_management",), REASON) == "closed_teasing"


def test_reopen_goes_back_to_the_suspicion_step():
    case = reach("route_a")
    case.go("close_as_teasing", COORDINATOR, REASON)
    assert unmet_keys(case.check("reopen", MENTOR, REASON)) == {"role"}
    assert unmet_keys(case.check("reopen", COORDINATOR)) == {"reason"}
    assert case.go("reopen", COORDINATOR, REASON) == "suspicion"
    assert unmet_keys(case.check("suspicion_explored", MENTOR)) == {"orienting_talk", "note"}


def test_the_routes_protocol_has_no_removal():
    case = reach("route_d")
    for kind in ("hearing", "removal", "duty_of_care_ended", "removal_decision_letter"):
        assert unmet_keys(can_record(ROUTES, case.facts, kind)) == {"record_kind"}
