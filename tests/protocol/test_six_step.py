"""The six-step protocol of seed 000 (§5.1, Bijlage 9, §5.2, footnote 16): every transition
allowed and refused, consent, suspension and removal rules, teasing close and reopen."""

from __future__ import annotations

import pytest

from protocol.definitions import SIX_STEP_V1 as SIX
from protocol.definitions.six_step import OPEN_STEPS
from protocol.engine import TransitionRefused, can_record, deadlines_on_record, open_deadlines
from tests.protocol.test_engine import (
    BOARD_MANAGEMENT,
    BRANCH_MANAGEMENT,
    COORDINATOR,
    MENTOR,
    CaseDriver,
    unmet_keys,
)

TEACHER = ("teacher",)
SUPPORT_STAFF = ("support_staff",)
BOARD_COORDINATOR = ("board_coordinator",)
REASON = {"reason": "Over en weer, gelijkwaardig: plagen."}


def at(step: str) -> CaseDriver:
    """A case brought lawfully to ``step``."""
    case = CaseDriver.start(SIX)
    if step == "investigate":
        return case
    case.record("conversation", {"with": "target"})
    case.record("conversation", {"with": "bully"})
    # The group approach every sanction needs (§5.2): bullying as a theme in class.
    case.record("intervention", {"kind": "class_lesson"})
    case.go("record_agreements", MENTOR)
    if step == "agreements":
        return case
    case.record("agreement")
    case.record("head_of_department_informed")
    case.record("parents_informed", {"party": "target_parents"})
    case.record("parents_informed", {"party": "bully_parents"})
    case.go("start_monitoring", MENTOR)
    if step == "monitoring":
        return case
    case.set_flags(monitored_two_weeks=True)
    case.record("evaluation", {"outcome": "continues"})
    case.go("to_second_talk", MENTOR)
    if step == "second_talk":
        return case
    case.record("conversation", {"with": "bully_and_parents"})
    case.set_flags(improvement_period_elapsed=True)
    case.record("evaluation", {"outcome": "continues"})
    case.go("suspend", BRANCH_MANAGEMENT)
    if step == "suspension":
        return case
    case.record("consent", {"for": "referral", "given": True, "written": True})
    case.record("intervention", {"kind": "referral"})
    case.record("evaluation", {"outcome": "continues"})
    case.go("remove", BRANCH_MANAGEMENT)
    assert step == "removal"
    return case


# ----------------------------------------------------------------------- step 1 -> 2


def test_it_moves_to_agreements_after_talking_with_target_and_bully():
    assert at("agreements").step == "agreements"


def test_it_refuses_agreements_without_the_talks():
    case = at("investigate")
    assert unmet_keys(case.check("record_agreements", MENTOR)) == {
        "talked_with_target",
        "talked_with_bully",
    }
    case.record("conversation", {"with": "target_and_parents"})
    assert unmet_keys(case.check("record_agreements", MENTOR)) == {"talked_with_bully"}


def test_it_refuses_support_staff_moving_the_case():
    case = at("investigate")
    case.record("conversation", {"with": "target"})
    case.record("conversation", {"with": "bully"})
    assert unmet_keys(case.check("record_agreements", SUPPORT_STAFF)) == {"role"}
    assert case.check("record_agreements", TEACHER).allowed
    assert case.check("record_agreements", BOARD_COORDINATOR).allowed


@pytest.mark.parametrize(
    ("kind", "attrs", "consent"),
    [
        ("intervention", {"kind": "mediation"}, "mediation"),
        ("intervention", {"kind": "restorative_conversation"}, "mediation"),
        ("intervention", {"kind": "support_group"}, "support_group"),
        ("intervention", {"kind": "no_blame"}, "support_group"),
        ("intervention", {"kind": "class_talk"}, "class_talk"),
        ("conversation", {"with": "class"}, "class_talk"),
        ("conversation", {"with": "group"}, "support_group"),
        ("conversation", {"with": "target_and_bully"}, "mediation"),
    ],
)
def test_it_needs_the_targets_consent_for_mediation_support_group_and_class_talk(
    kind, attrs, consent
):
    case = at("investigate")
    case.set_flags(support_group_as_seed=True)
    refused = can_record(SIX, case.facts, kind, attrs, actor_roles=MENTOR)
    assert unmet_keys(refused) == {f"consent_{consent}"}
    assert "toestemming" in refused.messages("nl")[0]
    case.record("consent", {"for": consent})
    assert can_record(SIX, case.facts, kind, attrs, actor_roles=MENTOR).allowed


def test_a_withdrawn_consent_counts_and_other_interventions_need_none():
    case = at("investigate")
    case.record("consent", {"for": "mediation"})
    case.record("consent", {"for": "mediation", "given": False})
    assert not can_record(SIX, case.facts, "intervention", {"kind": "mediation"}).allowed
    case.record("consent", {"for": "class_talk"})
    assert not can_record(SIX, case.facts, "intervention", {"kind": "mediation"}).allowed
    for kind in ("non_contract", "training", "guidance"):
        assert can_record(SIX, case.facts, "intervention", {"kind": kind}).allowed


def test_a_no_blame_intervention_starts_the_follow_up_talks():
    case = at("investigate")
    case.record("consent", {"for": "support_group"})
    case.set_flags(support_group_as_seed=True)
    no_blame = case.record("intervention", {"kind": "no_blame"})
    started = deadlines_on_record(SIX, case.facts, no_blame)
    assert [d.key for d in started] == ["no_blame_follow_up_target", "no_blame_follow_up_group"]
    target = started[0]
    assert (target.amount, target.unit, target.not_before) == (10, "school_days", 6)
    assert {o.deadline.key for o in open_deadlines(SIX, case.facts)} == {
        "no_blame_follow_up_target",
        "no_blame_follow_up_group",
    }
    case.set_flags(no_blame_target_earliest=True, no_blame_group_earliest=True)
    case.record("follow_up", {"with": "target", "no_blame": True})
    case.record("follow_up", {"with": "group", "no_blame": True})
    # "apart": one talk is not the group; the term is done when every member had theirs.
    assert [o.deadline.key for o in open_deadlines(SIX, case.facts)] == [
        "no_blame_follow_up_group"
    ]
    case.set_flags(no_blame_group_followed=True)
    assert open_deadlines(SIX, case.facts) == ()


# ----------------------------------------------------------------------- step 2 -> 3


def test_it_starts_monitoring_with_agreements_head_and_both_parents_informed():
    case = at("monitoring")
    assert case.step == "monitoring"
    [running] = open_deadlines(SIX, case.facts)
    assert (running.deadline.key, running.deadline.amount, running.deadline.unit) == (
        "monitoring_four_weeks",
        4,
        "school_weeks",
    )


@pytest.mark.parametrize(
    "missing",
    ["agreement", "head_of_department_informed", "target_parents", "bully_parents"],
)
def test_it_refuses_monitoring_while_anything_of_step_2_is_missing(missing):
    case = at("agreements")
    records = {
        "agreement": ("agreement", {}),
        "head_of_department_informed": ("head_of_department_informed", {}),
        "target_parents": ("parents_informed", {"party": "target_parents"}),
        "bully_parents": ("parents_informed", {"party": "bully_parents"}),
    }
    for name, (kind, attrs) in records.items():
        if name != missing:
            case.record(kind, attrs)
    expected = {
        "agreement": "agreements_recorded",
        "head_of_department_informed": "head_of_department_informed",
        "target_parents": "target_parents_informed",
        "bully_parents": "bully_parents_informed",
    }[missing]
    assert unmet_keys(case.check("start_monitoring", MENTOR)) == {expected}
    with pytest.raises(TransitionRefused):
        case.go("start_monitoring", MENTOR)


def test_agreements_recorded_in_step_1_do_not_count_for_step_2():
    case = at("investigate")
    case.record("agreement")
    case.record("conversation", {"with": "target"})
    case.record("conversation", {"with": "bully"})
    case.go("record_agreements", MENTOR)
    assert "agreements_recorded" in unmet_keys(case.check("start_monitoring", MENTOR))


# ----------------------------------------------------------------------- step 3 exits


def test_it_goes_to_the_second_talk_when_the_bullying_continues():
    case = at("monitoring")
    assert unmet_keys(case.check("to_second_talk", MENTOR)) == {
        "evaluation_continues",
        "monitored_two_weeks",
    }
    case.record("evaluation", {"outcome": "continues"})
    # "na twee weken": not before two school weeks of monitoring (issue 12.3).
    assert unmet_keys(case.check("to_second_talk", MENTOR)) == {"monitored_two_weeks"}
    case.set_flags(monitored_two_weeks=True)
    case.record("evaluation", {"outcome": "stopped"})
    # The latest evaluation decides (issue 12.1).
    assert unmet_keys(case.check("to_second_talk", MENTOR)) == {"evaluation_continues"}
    case.record("evaluation", {"outcome": "continues"})
    assert case.go("to_second_talk", MENTOR) == "second_talk"


def test_it_closes_after_four_weeks_when_the_bullying_stopped():
    case = at("monitoring")
    case.record("evaluation", {"outcome": "stopped"})
    assert unmet_keys(case.check("close_after_monitoring", COORDINATOR)) == {
        "monitoring_period_elapsed",
        "evaluation_stopped",
    }
    case.set_flags(monitoring_period_elapsed=True)
    # The early evaluation does not count: the one that decides comes after four weeks.
    assert unmet_keys(case.check("close_after_monitoring", COORDINATOR)) == {
        "evaluation_stopped"
    }
    case.record("evaluation", {"outcome": "stopped"})
    assert unmet_keys(case.check("close_after_monitoring", MENTOR)) == {"role"}
    assert case.go("close_after_monitoring", COORDINATOR) == "closed"


def test_the_latest_evaluation_decides_closing_after_monitoring():
    case = at("monitoring")
    case.set_flags(monitoring_period_elapsed=True)
    case.record("evaluation", {"outcome": "stopped"})
    case.record("evaluation", {"outcome": "continues"})
    report = case.check("close_after_monitoring", COORDINATOR)
    assert unmet_keys(report) == {"evaluation_stopped"}
    assert "na afloop" in report.messages("nl")[0]
    with pytest.raises(TransitionRefused):
        case.go("close_after_monitoring", COORDINATOR)


def test_an_early_evaluation_does_not_complete_the_four_weeks():
    case = at("monitoring")
    case.record("evaluation", {"outcome": "stopped"})
    assert [o.deadline.key for o in open_deadlines(SIX, case.facts)] == ["monitoring_four_weeks"]
    case.set_flags(monitoring_period_elapsed=True)
    assert [o.deadline.key for o in open_deadlines(SIX, case.facts)] == ["monitoring_four_weeks"]
    case.record("evaluation", {"outcome": "stopped"})
    assert open_deadlines(SIX, case.facts) == ()


# ----------------------------------------------------------------------- step 4 exits


def test_the_second_talk_and_the_two_more_weeks_are_deadlines():
    case = at("second_talk")
    assert [o.deadline.key for o in open_deadlines(SIX, case.facts)] == [
        "second_talk_after_two_weeks"
    ]
    talk = case.record("conversation", {"with": "bully_and_parents"})
    assert [d.key for d in deadlines_on_record(SIX, case.facts, talk)] == ["two_more_weeks"]
    [running] = open_deadlines(SIX, case.facts)
    assert running.deadline.key == "two_more_weeks" and running.started_by == talk
    assert running.deadline.flag == "improvement_period_elapsed"


def test_suspension_needs_the_second_talk_the_two_weeks_and_branch_management():
    case = at("second_talk")
    assert unmet_keys(case.check("suspend", MENTOR)) == {
        "role",
        "second_talk_held",
        "improvement_period_elapsed",
        "evaluation_continues",
    }
    case.record("conversation", {"with": "bully"})  # without the parents it is not the second talk
    case.set_flags(improvement_period_elapsed=True)
    case.record("evaluation", {"outcome": "continues"})
    assert unmet_keys(case.check("suspend", BRANCH_MANAGEMENT)) == {"second_talk_held"}
    case.record("conversation", {"with": "bully_and_parents"})
    assert unmet_keys(case.check("suspend", COORDINATOR)) == {"role"}
    assert unmet_keys(case.check("suspend", BOARD_MANAGEMENT)) == {"role"}
    assert case.go("suspend", BRANCH_MANAGEMENT) == "suspension"


def test_with_a_criminal_offence_the_police_must_be_informed_first():
    case = at("second_talk")
    case.record("conversation", {"with": "bully_and_parents"})
    case.set_flags(improvement_period_elapsed=True, criminal_offence=True)
    case.record("evaluation", {"outcome": "continues"})
    report = case.check("suspend", BRANCH_MANAGEMENT)
    assert unmet_keys(report) == {"police_informed"}
    assert "politie" in report.messages("nl")[0]
    case.record("police_informed")
    assert case.check("suspend", BRANCH_MANAGEMENT).allowed


def test_without_a_criminal_offence_the_police_guard_does_not_apply():
    case = at("second_talk")
    report = case.check("suspend", BRANCH_MANAGEMENT)
    assert "police_informed" in {g.key for g in report.not_applicable}


def test_it_closes_after_the_second_talk_when_the_bullying_stopped():
    case = at("second_talk")
    case.record("conversation", {"with": "bully_and_parents"})
    case.record("evaluation", {"outcome": "stopped"})
    assert unmet_keys(case.check("close_after_second_talk", COORDINATOR)) == {
        "improvement_period_elapsed",
        "evaluation_stopped",
    }
    case.set_flags(improvement_period_elapsed=True, criminal_offence=True)
    case.record("evaluation", {"outcome": "stopped"})
    assert unmet_keys(case.check("close_after_second_talk", COORDINATOR)) == {"police_informed"}
    case.record("police_informed")
    assert case.go("close_after_second_talk", COORDINATOR) == "closed"


# ---------------------------------------------------------------------- step 5 suspension


def suspend(case: CaseDriver, days: int, *, letter: bool = True, inspectorate: bool = True):
    s = case.record("suspension", {"school_days": days}, roles=BRANCH_MANAGEMENT)
    if letter:
        case.record("suspension_decision_letter", {"suspension": s.id}, roles=BRANCH_MANAGEMENT)
    if inspectorate:
        case.record("inspectorate_notified", {"suspension": s.id}, roles=BRANCH_MANAGEMENT)
    return s


def test_a_suspension_lasts_one_to_five_school_days():
    case = at("suspension")
    for days in (1, 5):
        assert can_record(SIX, case.facts, "suspension", {"school_days": days}).allowed
    for days in (0, 6, "3", True, None):
        report = can_record(SIX, case.facts, "suspension", {"school_days": days})
        assert unmet_keys(report) == {"suspension_days"}, days


def test_only_branch_management_suspends_and_only_in_step_5():
    case = at("suspension")
    for roles in (MENTOR, COORDINATOR, BOARD_MANAGEMENT):
        report = can_record(SIX, case.facts, "suspension", {"school_days": 2}, actor_roles=roles)
        assert unmet_keys(report) == {"role"}
    early = at("second_talk")
    report = can_record(
        SIX, early.facts, "suspension", {"school_days": 2}, actor_roles=BRANCH_MANAGEMENT
    )
    assert unmet_keys(report) == {"step"}


def test_a_suspension_cannot_be_recorded_as_a_mere_sanction():
    case = at("second_talk")
    assert unmet_keys(can_record(SIX, case.facts, "sanction", {"kind": "suspension"})) == {
        "use_suspension_record"
    }
    assert not can_record(SIX, case.facts, "sanction", {"kind": "removal"}).allowed
    assert can_record(SIX, case.facts, "sanction", {"kind": "detention"}).allowed


def test_letters_and_notices_must_refer_to_a_recorded_suspension():
    case = at("suspension")
    for kind in ("suspension_decision_letter", "inspectorate_notified"):
        report = can_record(SIX, case.facts, kind, {"suspension": "nope"})
        assert unmet_keys(report) == {"refers_to_suspension"}
    s = suspend(case, 2, letter=False, inspectorate=False)
    assert can_record(SIX, case.facts, "suspension_decision_letter", {"suspension": s.id}).allowed
    report = can_record(
        SIX, case.facts, "suspension_decision_letter", {"suspension": s.id}, actor_roles=MENTOR
    )
    assert unmet_keys(report) == {"role"}


def ready_to_leave_suspension(case: CaseDriver, outcome: str = "continues") -> None:
    case.record("consent", {"for": "referral", "given": True, "written": True})
    case.record("intervention", {"kind": "referral"})
    case.record("evaluation", {"outcome": outcome})


def test_the_suspension_step_cannot_complete_without_the_decision_letter():
    case = at("suspension")
    suspend(case, 1, letter=False)
    ready_to_leave_suspension(case)
    assert unmet_keys(case.check("remove", BRANCH_MANAGEMENT)) == {"suspension_letter"}
    assert unmet_keys(case.check("close_after_suspension", COORDINATOR)) >= {"suspension_letter"}
    assert unmet_keys(case.check("close_as_teasing", COORDINATOR, REASON)) == {"suspension_letter"}


def test_a_suspension_longer_than_a_day_needs_the_inspectorate_notified():
    case = at("suspension")
    suspend(case, 3, inspectorate=False)
    ready_to_leave_suspension(case)
    assert unmet_keys(case.check("remove", BRANCH_MANAGEMENT)) == {"suspension_inspectorate"}


def test_a_one_day_suspension_needs_no_inspectorate_notice():
    case = at("suspension")
    suspend(case, 1, inspectorate=False)
    ready_to_leave_suspension(case)
    assert case.check("remove", BRANCH_MANAGEMENT).allowed


def test_each_suspension_needs_its_own_letter():
    case = at("suspension")
    first = suspend(case, 2)
    suspend(case, 2, letter=False)
    ready_to_leave_suspension(case)
    assert unmet_keys(case.check("remove", BRANCH_MANAGEMENT)) == {"suspension_letter"}
    assert first.id  # the first one is complete; only the second is missing its letter


def test_a_six_day_suspension_that_slipped_in_blocks_the_step():
    case = at("suspension")
    s = case.force("suspension", {"school_days": 6})
    case.record("suspension_decision_letter", {"suspension": s.id}, roles=BRANCH_MANAGEMENT)
    case.record("inspectorate_notified", {"suspension": s.id}, roles=BRANCH_MANAGEMENT)
    ready_to_leave_suspension(case)
    assert unmet_keys(case.check("remove", BRANCH_MANAGEMENT)) == {"suspension_length"}


def test_removal_needs_help_engaged_and_a_continuing_evaluation_by_management():
    case = at("suspension")
    suspend(case, 2)
    assert unmet_keys(case.check("remove", COORDINATOR)) == {
        "role",
        "evaluation_continues",
        "help_engaged",
    }
    ready_to_leave_suspension(case)
    assert case.check("remove", BOARD_MANAGEMENT).allowed
    assert case.go("remove", BRANCH_MANAGEMENT) == "removal"


def test_it_closes_after_suspension_when_the_bullying_stopped():
    case = at("suspension")
    suspend(case, 4)
    ready_to_leave_suspension(case, "stopped")
    assert unmet_keys(case.check("close_after_suspension", MENTOR)) == {"role"}
    assert case.go("close_after_suspension", BRANCH_MANAGEMENT) == "closed"


# ------------------------------------------------------------------------- step 6 removal


def test_removal_only_after_the_hearing_and_only_by_management():
    case = at("removal")
    report = can_record(SIX, case.facts, "removal", actor_roles=BRANCH_MANAGEMENT)
    assert unmet_keys(report) == {"hearing_held"}
    assert unmet_keys(can_record(SIX, case.facts, "hearing", actor_roles=MENTOR)) == {"role"}
    case.record("hearing", roles=BRANCH_MANAGEMENT)
    assert unmet_keys(can_record(SIX, case.facts, "removal", actor_roles=COORDINATOR)) == {"role"}
    assert can_record(SIX, case.facts, "removal", actor_roles=BOARD_MANAGEMENT).allowed


def test_removal_is_only_recorded_in_step_6():
    case = at("suspension")
    assert "step" in unmet_keys(
        can_record(SIX, case.facts, "removal", actor_roles=BRANCH_MANAGEMENT)
    )


def test_the_duty_of_care_lasts_until_another_school_enrolled_the_student():
    case = at("removal")
    assert unmet_keys(case.check("complete_removal", BRANCH_MANAGEMENT)) == {
        "removal_recorded",
        "removal_letter",
        "duty_of_care_ended",
    }
    assert unmet_keys(
        can_record(SIX, case.facts, "duty_of_care_ended", actor_roles=BRANCH_MANAGEMENT)
    ) == {"removal_decided"}
    case.record("hearing", roles=BRANCH_MANAGEMENT)
    case.record("removal", roles=BRANCH_MANAGEMENT)
    case.record("removal_decision_letter", roles=BRANCH_MANAGEMENT)
    assert unmet_keys(case.check("complete_removal", BRANCH_MANAGEMENT)) == {"duty_of_care_ended"}
    case.record("duty_of_care_ended", roles=("care_coordinator",))
    assert unmet_keys(case.check("complete_removal", COORDINATOR)) == {"role"}
    assert case.go("complete_removal", BOARD_MANAGEMENT) == "closed"


# -------------------------------------------------------------------- teasing and reopen


@pytest.mark.parametrize("step", OPEN_STEPS)
def test_any_open_step_can_be_closed_as_teasing_by_coordination_with_a_reason(step):
    case = at(step)
    assert unmet_keys(case.check("close_as_teasing", COORDINATOR)) == {"reason"}
    assert unmet_keys(case.check("close_as_teasing", COORDINATOR, {"reason": "  "})) == {"reason"}
    assert unmet_keys(case.check("close_as_teasing", MENTOR, REASON)) == {"role"}
    assert case.check("close_as_teasing", BOARD_COORDINATOR, REASON).allowed
    assert case.go("close_as_teasing", COORDINATOR, REASON) == "closed_teasing"


def test_a_closed_case_only_takes_notes_and_only_leaves_by_reopen():
    case = at("investigate")
    case.go("close_as_teasing", COORDINATOR, REASON)
    assert can_record(SIX, case.facts, "note").allowed
    assert unmet_keys(can_record(SIX, case.facts, "incident")) == {"case_closed"}
    for t in SIX.transitions:
        if t.key != "reopen":
            assert not case.check(t.key, BOARD_MANAGEMENT, REASON).allowed


def test_reopen_by_coordination_with_a_reason_starts_over_at_step_1():
    case = at("monitoring")
    case.set_flags(monitoring_period_elapsed=True)
    case.record("evaluation", {"outcome": "stopped"})
    case.go("close_after_monitoring", COORDINATOR)
    assert unmet_keys(case.check("reopen", COORDINATOR)) == {"reason"}
    assert unmet_keys(case.check("reopen", MENTOR, REASON)) == {"role"}
    assert case.go("reopen", COORDINATOR, {"reason": "Het pesten is terug."}) == "investigate"
    # The talks of the first round do not count for the new round.
    assert unmet_keys(case.check("record_agreements", MENTOR)) == {
        "talked_with_target",
        "talked_with_bully",
    }
