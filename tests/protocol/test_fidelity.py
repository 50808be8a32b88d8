"""Issue 12 in the pure engine and definitions (no Django, no database): every rule with an
allowed and a refused case. The services and pages are walked in tests/incidents/test_walk_*."""

from __future__ import annotations

import pytest

from protocol.definitions import ROUTES_V1 as ROUTES
from protocol.definitions import SIX_STEP_V1 as SIX
from protocol.engine import TransitionRefused, can_record, deadlines_on_record, open_deadlines
from protocol.engine.rules import deadlines_on_enter
from tests.protocol.test_engine import (
    BRANCH_MANAGEMENT,
    COORDINATOR,
    MENTOR,
    CaseDriver,
    unmet_keys,
)
from tests.protocol.test_routes import at_choice, do_route, on_route
from tests.protocol.test_six_step import REASON, at

# ------------------------------------------------------------------ 2. unknown bully


@pytest.mark.parametrize("flag", ["bully_unknown", "bully_elsewhere"])
def test_without_a_bully_at_this_school_step_1_and_2_need_no_bully_talk(flag):
    case = at("investigate")
    case.set_flags(**{flag: True})
    case.record("conversation", {"with": "target"})
    expected = {"other_school_contacted"} if flag == "bully_elsewhere" else set()
    assert unmet_keys(case.check("record_agreements", MENTOR)) == expected
    if flag == "bully_elsewhere":
        case.record("other_school_contacted")
    case.go("record_agreements", MENTOR)
    case.record("agreement")
    case.record("head_of_department_informed")
    case.record("parents_informed", {"party": "target_parents"})
    assert case.go("start_monitoring", MENTOR) == "monitoring"


def test_an_unknown_bully_blocks_step_4_until_known_and_another_round_is_offered():
    case = at("monitoring")
    case.set_flags(bully_unknown=True, monitored_two_weeks=True)
    case.record("evaluation", {"outcome": "continues"})
    assert unmet_keys(case.check("to_second_talk", MENTOR)) == {"bully_at_this_school"}
    assert unmet_keys(case.check("another_monitoring_round", MENTOR)) == {"agreements_adjusted"}
    case.record("agreement")
    assert case.go("another_monitoring_round", MENTOR) == "monitoring"
    case.set_flags(bully_unknown=False, monitored_two_weeks=True)
    case.record("evaluation", {"outcome": "continues"})
    assert case.go("to_second_talk", MENTOR) == "second_talk"


def test_routes_d_needs_the_bully_identified():
    case = on_route("C")
    do_route(case, "route_c")
    case.record("evaluation", {"outcome": "continues"})
    case.record("route_chosen", {"route": "D"})
    case.set_flags(bully_unknown=True)
    assert unmet_keys(case.check("route_c_to_d", MENTOR)) == {"bully_identified"}
    case.set_flags(bully_unknown=False)
    assert case.go("route_c_to_d", MENTOR) == "route_d"


def test_an_unfounded_suspicion_closes_with_a_reason_distinct_from_teasing():
    case = at_choice()
    assert unmet_keys(case.check("close_unfounded", COORDINATOR)) == {"reason"}
    assert unmet_keys(case.check("close_unfounded", MENTOR, REASON)) == {"role"}
    assert case.go("close_unfounded", COORDINATOR, REASON) == "closed_unfounded"
    assert case.go("reopen", COORDINATOR, REASON) == "suspicion"
    late = on_route("A")
    with pytest.raises(TransitionRefused):  # once a route runs, the suspicion was confirmed
        late.go("close_unfounded", COORDINATOR, REASON)


# ----------------------------------------------------------------- 4. police


CLOSING = {
    SIX: [t.key for t in SIX.transitions if t.target in SIX.terminal_steps and not t.reopens],
    ROUTES: [t.key for t in ROUTES.transitions if t.target in ROUTES.terminal_steps and not t.reopens],
}


@pytest.mark.parametrize("definition", [SIX, ROUTES], ids=["six_step", "routes"])
def test_every_closing_path_of_both_protocols_carries_the_police_guard(definition):
    for key in CLOSING[definition]:
        guards = {g.key for g in definition.transition(key).guards}
        assert "police_informed" in guards, key


def test_the_police_guard_takes_a_recorded_reason_why_not():
    case = at("investigate")
    case.set_flags(criminal_offence=True)
    assert unmet_keys(case.check("close_as_teasing", COORDINATOR, REASON)) == {"police_informed"}
    case.record("police_not_informed")
    assert case.check("close_as_teasing", COORDINATOR, REASON).allowed


# ------------------------------------------------------------ 5. routes B, C, D, E


def test_route_e_requires_the_talk_with_a_recorded_suspect_without_the_target():
    case = on_route("C")
    do_route(case, "route_c")
    case.record("evaluation", {"outcome": "continues"})
    case.record("route_chosen", {"route": "E"})
    case.go("route_c_to_e", MENTOR)
    do_route(case, "route_e")
    case.set_flags(suspected_bully_at_school=True, follow_period_elapsed=True)
    case.record("follow_up", {"with": "target"})
    case.record("evaluation", {"outcome": "stopped"})
    assert unmet_keys(case.check("close_route_e", COORDINATOR)) == {"talked_with_suspect"}
    case.record("conversation", {"with": "suspected_bully"})
    assert case.check("close_route_e", COORDINATOR).allowed


def test_route_c_decides_with_the_student_before_telling_the_parents():
    case = on_route("C")
    report = can_record(ROUTES, case.facts, "parents_informed", {"party": "target_parents"})
    assert unmet_keys(report) == {"decided_to_inform"}
    case.record("parents_decision", {"inform": False})
    assert not can_record(ROUTES, case.facts, "parents_informed", {"party": "target_parents"}).allowed
    case.record("conversation", {"with": "target"})
    case.record("note")
    case.record("evaluation", {"outcome": "continues"})
    case.record("route_chosen", {"route": "E"})
    assert case.check("route_c_to_e", MENTOR).allowed  # not telling was decided: no parents needed
    case.record("parents_decision", {"inform": True})
    assert unmet_keys(case.check("route_c_to_e", MENTOR)) == {"parents_informed_as_decided"}
    case.record("parents_informed", {"party": "target_parents"})
    assert case.check("route_c_to_e", MENTOR).allowed
    # Elsewhere the parents are told without such a decision.
    assert can_record(ROUTES, at_choice().facts, "parents_informed", {"party": "target_parents"}).allowed


def test_route_b_asks_the_bullys_parents_but_not_again_the_targets():
    case = on_route("B")
    do_route(case, "route_b")
    case.record("evaluation", {"outcome": "continues"})
    case.record("route_chosen", {"route": "D"})
    assert case.check("route_b_to_d", MENTOR).allowed
    fresh = on_route("B")
    assert "target_parents_informed" not in unmet_keys(fresh.check("route_b_to_d", MENTOR))
    assert "bully_parents_informed" in unmet_keys(fresh.check("route_b_to_d", MENTOR))
    fresh.set_flags(bully_elsewhere=True)
    assert "bully_parents_informed" not in unmet_keys(fresh.check("route_b_to_d", MENTOR))


# ----------------------------------------------------------------- 7. No Blame


def no_blame_case() -> CaseDriver:
    case = at("investigate")
    case.record("consent", {"for": "support_group"})
    case.set_flags(support_group_as_seed=True)
    case.record("intervention", {"kind": "no_blame"})
    return case


def test_no_blame_follow_up_talks_wait_for_their_minimum():
    case = no_blame_case()
    target = {"with": "target", "no_blame": True}
    assert unmet_keys(can_record(SIX, case.facts, "follow_up", target)) == {
        "no_blame_follow_up_target_not_yet"
    }
    case.set_flags(no_blame_target_earliest=True)
    assert can_record(SIX, case.facts, "follow_up", target).allowed
    member = {"with": "group", "no_blame": True}
    assert not can_record(SIX, case.facts, "follow_up", member).allowed
    case.set_flags(no_blame_group_earliest=True)
    assert can_record(SIX, case.facts, "follow_up", member).allowed
    # An ordinary check-in is never held back, and does not complete the No Blame term.
    case2 = no_blame_case()
    case2.record("follow_up", {"with": "target"})
    assert "no_blame_follow_up_target" in {o.deadline.key for o in open_deadlines(SIX, case2.facts)}


def test_a_no_blame_follow_up_needs_a_no_blame_first():
    case = at("investigate")
    report = can_record(SIX, case.facts, "follow_up", {"with": "target", "no_blame": True})
    assert "no_blame_held" in unmet_keys(report)


def test_the_support_group_size_needs_the_seed_make_up_or_a_reason():
    case = at("investigate")
    case.record("consent", {"for": "support_group"})
    assert unmet_keys(can_record(SIX, case.facts, "intervention", {"kind": "no_blame"})) == {
        "support_group_size"
    }
    with_reason = {"kind": "no_blame", "group_reason": "Kleine klas."}
    assert can_record(SIX, case.facts, "intervention", with_reason).allowed
    assert not can_record(SIX, case.facts, "intervention", {"kind": "no_blame", "group_reason": " "}).allowed


# ------------------------------------------------------ 9. consent and sanctions


def test_referral_needs_the_parents_written_consent():
    case = at("investigate")
    assert unmet_keys(can_record(SIX, case.facts, "intervention", {"kind": "referral"})) == {
        "consent_referral"
    }
    oral = {"for": "referral", "given": True}
    assert unmet_keys(can_record(SIX, case.facts, "consent", oral)) == {"consent_in_writing"}
    case.record("consent", {**oral, "written": True})
    assert can_record(SIX, case.facts, "intervention", {"kind": "referral"}).allowed
    case.record("consent", {"for": "referral", "given": False})  # withdrawn
    assert not can_record(SIX, case.facts, "intervention", {"kind": "referral"}).allowed


def test_six_step_sanctions_from_step_4_with_a_group_approach():
    early = at("monitoring")
    assert "step" in unmet_keys(can_record(SIX, early.facts, "sanction", {"kind": "detention"}))
    case = CaseDriver.start(SIX)
    case.record("conversation", {"with": "target"})
    case.record("conversation", {"with": "bully"})
    case.go("record_agreements", MENTOR)
    for kind, attrs in (
        ("agreement", {}),
        ("head_of_department_informed", {}),
        ("parents_informed", {"party": "target_parents"}),
        ("parents_informed", {"party": "bully_parents"}),
    ):
        case.record(kind, attrs)
    case.go("start_monitoring", MENTOR)
    case.set_flags(monitored_two_weeks=True)
    case.record("evaluation", {"outcome": "continues"})
    case.go("to_second_talk", MENTOR)
    assert unmet_keys(can_record(SIX, case.facts, "sanction", {"kind": "detention"})) == {
        "group_approach"
    }
    case.record("intervention", {"kind": "class_lesson"})
    assert can_record(SIX, case.facts, "sanction", {"kind": "detention"}).allowed


def test_routes_sanctions_only_in_b_and_d_without_section_5_2():
    assert "step" in unmet_keys(can_record(ROUTES, on_route("A").facts, "sanction", {"kind": "detention"}))
    assert can_record(ROUTES, on_route("B").facts, "sanction", {"kind": "detention"}).allowed


# ---------------------------------------- 12. non-contract, removal letter, cycle


def test_a_non_contract_starts_its_own_evaluation_term():
    case = at("monitoring")
    contract = case.record("non_contract", {"behaviour": "Niet schelden", "evaluation_on": "2026-10-30"})
    [term] = deadlines_on_record(SIX, case.facts, contract)
    assert term.key == "non_contract_evaluation" and term.due_attr == "evaluation_on"
    assert "non_contract_evaluation" in {o.deadline.key for o in open_deadlines(SIX, case.facts)}
    case.record("non_contract_evaluated")
    assert "non_contract_evaluation" not in {o.deadline.key for o in open_deadlines(SIX, case.facts)}


def test_the_removal_letter_needs_a_removal_and_management():
    case = at("removal")
    assert unmet_keys(
        can_record(SIX, case.facts, "removal_decision_letter", actor_roles=BRANCH_MANAGEMENT)
    ) == {"removal_decided"}
    case.record("hearing", roles=BRANCH_MANAGEMENT)
    case.record("removal", roles=BRANCH_MANAGEMENT)
    assert unmet_keys(can_record(SIX, case.facts, "removal_decision_letter", actor_roles=MENTOR)) == {"role"}
    assert can_record(SIX, case.facts, "removal_decision_letter", actor_roles=BRANCH_MANAGEMENT).allowed


def test_back_to_monitoring_after_the_second_talk_with_adjusted_agreements():
    case = at("second_talk")
    assert unmet_keys(case.check("back_to_monitoring", MENTOR)) == {
        "second_talk_held",
        "agreements_adjusted",
    }
    case.record("conversation", {"with": "bully_and_parents"})
    case.record("agreement")
    assert case.go("back_to_monitoring", MENTOR) == "monitoring"
    assert [d.key for d in deadlines_on_enter(SIX, "monitoring")] == ["monitoring_four_weeks"]


def test_the_second_talk_moment_is_no_follow_up_but_carries_the_seeds_words():
    [moment] = [d for d in SIX.step("monitoring").deadlines if not d.watch]
    assert moment.flag == "monitored_two_weeks" and "na twee weken" in moment.quote.nl
    assert moment.key not in {o.deadline.key for o in open_deadlines(SIX, at("monitoring").facts)}
