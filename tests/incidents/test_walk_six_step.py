"""The six-step protocol (seed 000 §5.1, Bijlage 9) walked through every path with the real
services, on real days across the autumn, Christmas and summer holidays of region midden
(the Rotterdam-area board). Issue 12: items 1-4, 7, 9, 12."""
import pytest
from django.core.exceptions import ValidationError

from incidents.errors import ProtocolRefusal
from incidents.models import FollowUp
from protocol import vocabulary as v

from .walks import add_participant, advance, on, open_about, record, support_group

pytestmark = pytest.mark.django_db


def refused(call, *args, **kwargs) -> str:
    """Run a service call that must be refused; the refusal's messages, joined."""
    with pytest.raises(ProtocolRefusal) as error:
        call(*args, **kwargs)
    return " ".join(error.value.messages)


def steps_1_and_2(board, case, *, bully_talk=True, bully_parents=True, group=True):
    record(board, case, "conversation", **{"with": "target"})
    if bully_talk:
        record(board, case, "conversation", **{"with": "bully"})
    if group:
        record(board, case, "intervention", kind="class_lesson")  # the group approach of §5.2
    case = advance(board, case, "record_agreements")
    record(board, case, "agreement", text="Niet meer duwen; elke vrijdag bijpraten.")
    record(board, case, "head_of_department_informed")
    record(board, case, "parents_informed", party="target_parents")
    if bully_parents:
        record(board, case, "parents_informed", party="bully_parents")
    return advance(board, case, "start_monitoring")


def followups(board, case):
    with board.tenant():
        return {f.deadline_key: f for f in FollowUp.objects.filter(case=case)}


# ------------------------------------------------------------ 1. stopped after four weeks


def test_closing_as_stopped_needs_the_four_weeks_and_the_latest_evaluation_across_autumn(board):
    with on("2026-10-05"):  # Monday; autumn holiday midden 17-25 October
        case = steps_1_and_2(board, open_about(board, bully=board.other_student))
        record(board, case, "evaluation", outcome="stopped")
        assert "vier weken" in refused(advance, board, case, "close_after_monitoring")
    # An evaluation on day 0 does not complete the four weeks (issue 12.3).
    assert followups(board, case)["monitoring_four_weeks"].status == FollowUp.Status.OPEN
    assert str(followups(board, case)["monitoring_four_weeks"].due_on) == "2026-11-09"
    with on("2026-11-09"):
        record(board, case, "evaluation", outcome="stopped")
        record(board, case, "evaluation", outcome="continues")
        # The latest evaluation decides (issue 12.1).
        assert "gestopt" in refused(advance, board, case, "close_after_monitoring")
        record(board, case, "evaluation", outcome="stopped")
        case = advance(board, case, "close_after_monitoring")
    assert case.step == "closed"
    assert followups(board, case)["monitoring_four_weeks"].status == FollowUp.Status.DONE


# ------------------------------------------------- 3. step 4 not before two school weeks


def test_the_second_talk_waits_two_school_weeks_and_christmas_does_not_count(board):
    with on("2026-12-14"):  # Monday; Christmas holiday 19 December - 3 January
        case = steps_1_and_2(board, open_about(board, bully=board.other_student))
    with on("2026-12-18"):
        record(board, case, "evaluation", outcome="continues")
        assert "twee" in refused(advance, board, case, "to_second_talk")
    with on("2027-01-08"):  # one school week before, one after Christmas: not yet two
        assert "twee" in refused(advance, board, case, "to_second_talk")
    with on("2027-01-11"):
        record(board, case, "evaluation", outcome="continues")
        case = advance(board, case, "to_second_talk")
        record(board, case, "conversation", **{"with": "bully_and_parents"})
    assert str(followups(board, case)["two_more_weeks"].due_on) == "2027-01-25"
    with on("2027-01-22"):
        record(board, case, "evaluation", outcome="stopped")
        assert "twee weken" in refused(advance, board, case, "close_after_second_talk")
    with on("2027-01-25"):
        # The evaluation of the 22nd came before the two more weeks had run.
        assert "na afloop" in refused(advance, board, case, "close_after_second_talk")
        record(board, case, "evaluation", outcome="stopped")
        case = advance(board, case, "close_after_second_talk")
    assert case.step == "closed"


def test_the_case_page_shows_the_seeds_words_next_to_the_dates(board, client):
    with on("2026-10-05"):
        case = steps_1_and_2(board, open_about(board, bully=board.other_student))
        client.force_login(board.mentor)
        page = client.get(f"/zaken/{case.pk}/").content.decode()
    assert "gedurende een termijn van vier" in page
    assert "na twee weken een" in page and "niet vóór" in page


# --------------------------------------------------- 4. police on every closing path


@pytest.mark.parametrize("exit_", ["close_as_teasing", "close_after_monitoring"])
def test_a_criminal_case_needs_the_police_or_a_reason_on_every_closing_path(board, exit_):
    with on("2026-09-07"):
        case = steps_1_and_2(board, open_about(board, bully=board.other_student, forms=("physical",),
                                                criminal_offence=True))
    with on("2026-10-05"):
        record(board, case, "evaluation", outcome="stopped")
        params = {"reason": "Het bleek een ruzie tussen gelijken."} if exit_ == "close_as_teasing" else {}
        assert "politie" in refused(advance, board, case, exit_, **params)
        with pytest.raises(ValidationError):
            record(board, case, "police_not_informed")  # without the reason
        record(board, case, "police_not_informed", text="De ouders doen zelf aangifte (voetnoot 16).")
        case = advance(board, case, exit_, **params)
    assert case.is_closed


def test_opening_a_case_with_criminal_forms_asks_to_confirm_the_flag(board):
    with pytest.raises(ValidationError) as asked:
        open_about(board, bully=board.other_student, forms=("verbal", "extortion"))
    assert "Afpersing" in str(asked.value) and "strafbare feiten" in str(asked.value)
    case = open_about(board, bully=board.other_student, forms=("verbal",))
    assert case.criminal_offence is False
    confirmed = open_about(board, bully=board.other_student, forms=("extortion",), criminal_offence=True)
    assert confirmed.criminal_offence is True


# ----------------------------------------------- 2. unknown bully, bully at another school


def test_an_unknown_bully_gets_agreements_monitoring_and_escalation_once_known(board):
    with on("2026-09-07"):
        case = open_about(board, bully_description="onbekend, via Instagram")
        record(board, case, "conversation", **{"with": "target"})
        record(board, case, "intervention", kind="class_lesson")
        case = advance(board, case, "record_agreements")
        record(board, case, "agreement", text="De mentor houdt de groepsapp in de gaten.")
        record(board, case, "head_of_department_informed")
        record(board, case, "parents_informed", party="target_parents")
        case = advance(board, case, "start_monitoring")
    with on("2026-09-21"):
        record(board, case, "evaluation", outcome="continues")
        assert "onbekend" in refused(advance, board, case, "to_second_talk")
        record(board, case, "agreement", text="Aangepast: pauzetoezicht bij de fietsenstalling.")
        case = advance(board, case, "another_monitoring_round")
    assert case.step == "monitoring"
    with on("2026-10-05"):
        add_participant(board, case, v.ParticipantRole.BULLY, student=board.other_student)
        record(board, case, "evaluation", outcome="continues")
        case = advance(board, case, "to_second_talk")
    assert case.step == "second_talk"


def test_a_bully_at_another_school_needs_the_contact_with_that_school(board):
    case = open_about(board, bully_description="leerling van het Erasmus College")
    add_participant(board, case, v.ParticipantRole.BULLY, description="Jan", other_school="Erasmus College")
    record(board, case, "conversation", **{"with": "target"})
    assert "andere school" in refused(advance, board, case, "record_agreements")
    record(board, case, "other_school_contacted", text="Met de teamleider gebeld.")
    assert advance(board, case, "record_agreements").step == "agreements"


def test_a_known_bully_still_needs_the_warning_talk(board):
    case = open_about(board, bully=board.other_student)
    record(board, case, "conversation", **{"with": "target"})
    assert "pester" in refused(advance, board, case, "record_agreements")


# ------------------------------------------------------------------- 7. No Blame


def test_no_blame_needs_a_group_of_six_to_eight_half_bullies_or_a_reason(board):
    case = open_about(board, bully=board.other_student)
    record(board, case, "consent", **{"for": "support_group", "given": True})
    support_group(board, case, bullies=1, others=3)
    assert "6 tot 8" in refused(record, board, case, "intervention", kind="no_blame")
    record(board, case, "intervention", kind="no_blame", group_reason="Kleine klas van 14 leerlingen.")
    other = open_about(board, bully=board.other_student)
    record(board, other, "consent", **{"for": "support_group", "given": True})
    support_group(board, other, bullies=3, others=3)
    record(board, other, "intervention", kind="no_blame")


def test_no_blame_follow_ups_respect_the_minimums_and_are_held_with_each_member_apart(board):
    with on("2026-11-02"):
        case = open_about(board, bully=board.other_student)
        record(board, case, "consent", **{"for": "support_group", "given": True})
        members = support_group(board, case, bullies=3, others=3)
        record(board, case, "intervention", kind="no_blame")
        assert "Te vroeg" in refused(record, board, case, "follow_up", **{"with": "target", "no_blame": True})
    with on("2026-11-10"):  # six school days: the target's talk may be held, the group's not yet
        record(board, case, "follow_up", **{"with": "target", "no_blame": True})
        assert "Te vroeg" in refused(record, board, case, "follow_up",
                                     **{"with": "group", "no_blame": True, "member": members[0].pk})
    with on("2026-11-12"):
        with pytest.raises(ValidationError) as which:
            record(board, case, "follow_up", **{"with": "group", "no_blame": True})
        assert "apart" in str(which.value)
        for member in members[:-1]:
            record(board, case, "follow_up", **{"with": "group", "no_blame": True, "member": member.pk})
        with pytest.raises(ValidationError):
            record(board, case, "follow_up", **{"with": "group", "no_blame": True, "member": members[0].pk})
    terms = followups(board, case)
    assert terms["no_blame_follow_up_target"].status == FollowUp.Status.DONE
    assert terms["no_blame_follow_up_group"].status == FollowUp.Status.OPEN
    with on("2026-11-12"):
        record(board, case, "follow_up", **{"with": "group", "no_blame": True, "member": members[-1].pk})
    assert followups(board, case)["no_blame_follow_up_group"].status == FollowUp.Status.DONE


# ------------------------------------------------------ 9. consent and sanctions


def test_a_referral_needs_the_parents_written_consent(board):
    case = open_about(board, bully=board.other_student)
    assert "schriftelijke toestemming" in refused(record, board, case, "intervention", kind="referral")
    assert "schriftelijke" in refused(record, board, case, "consent", **{"for": "referral", "given": True})
    record(board, case, "consent", **{"for": "referral", "given": True, "written": True})
    record(board, case, "intervention", kind="referral")


def test_a_sanction_comes_from_step_4_and_never_without_a_group_approach(board):
    with on("2026-09-07"):
        case = steps_1_and_2(board, open_about(board, bully=board.other_student), group=False)
        assert "stap" in refused(record, board, case, "sanction", kind="detention")
    with on("2026-09-21"):
        record(board, case, "evaluation", outcome="continues")
        case = advance(board, case, "to_second_talk")
        assert "groepsaanpak" in refused(record, board, case, "sanction", kind="detention")
        record(board, case, "intervention", kind="class_lesson")
        record(board, case, "sanction", kind="detention")


# ---------------------------------------------- 12. non-contract, removal letter, cycle


def test_a_non_contract_names_its_evaluation_date_which_becomes_a_follow_up(board):
    with on("2026-10-05"):
        case = open_about(board, bully=board.other_student)
        with pytest.raises(ValidationError):
            record(board, case, "non_contract", behaviour="Niet meer schelden.")  # no date
        with pytest.raises(ValidationError):
            record(board, case, "non_contract", behaviour="Niet meer schelden.", evaluation_on="2026-10-01")
        record(board, case, "non_contract", behaviour="Niet meer schelden, twee weken.", need="Erbij horen.",
               evaluation_on="2026-10-30", evaluator="mevrouw P.")
    term = followups(board, case)["non_contract_evaluation"]
    assert str(term.due_on) == "2026-10-30" and term.status == FollowUp.Status.OPEN
    with on("2026-10-30"):
        record(board, case, "non_contract_evaluated", text="Gelukt.")
    assert followups(board, case)["non_contract_evaluation"].status == FollowUp.Status.DONE


def test_after_the_second_talk_another_monitoring_round_starts_across_the_summer(board):
    with on("2027-06-07"):  # summer holiday midden 17 July - 29 August 2027
        case = steps_1_and_2(board, open_about(board, bully=board.other_student))
    with on("2027-06-21"):
        record(board, case, "evaluation", outcome="continues")
        case = advance(board, case, "to_second_talk")
        record(board, case, "conversation", **{"with": "bully_and_parents"})
        assert "aangepaste afspraken" in refused(advance, board, case, "back_to_monitoring")
        record(board, case, "agreement", text="Aangepast: eigen plek in de klas, dagelijks contact.")
        case = advance(board, case, "back_to_monitoring")
    assert case.step == "monitoring"
    term = followups(board, case)["monitoring_four_weeks"]
    assert term.status == FollowUp.Status.OPEN
    # 21 June + four school weeks, with the summer holiday in between.
    assert str(term.due_on) == "2027-08-30"


def test_the_full_path_to_removal_with_the_written_removal_decision(board):
    with on("2026-09-07"):
        case = steps_1_and_2(board, open_about(board, bully=board.other_student, forms=("physical",),
                                                criminal_offence=True))
    with on("2026-09-21"):
        record(board, case, "evaluation", outcome="continues")
        case = advance(board, case, "to_second_talk")
        record(board, case, "conversation", **{"with": "bully_and_parents"})
        record(board, case, "police_informed", text="Wijkagent gebeld.")
    with on("2026-10-05"):
        record(board, case, "evaluation", outcome="continues")
        case = advance(board, case, "suspend", by=board.management)
        suspension = record(board, case, "suspension", by=board.management, school_days=1, text="Geweld.")
        record(board, case, "suspension_decision_letter", by=board.management, suspension=str(suspension.pk))
        record(board, case, "consent", **{"for": "referral", "given": True, "written": True})
        record(board, case, "intervention", kind="referral")
        record(board, case, "evaluation", outcome="continues")
        case = advance(board, case, "remove", by=board.management)
        record(board, case, "hearing", by=board.management)
        record(board, case, "removal", by=board.management)
        record(board, case, "duty_of_care_ended", by=board.management)
        assert "verwijderingsbesluit" in refused(advance, board, case, "complete_removal", by=board.management)
        record(board, case, "removal_decision_letter", by=board.management, text="Besluit met bezwaarclausule.")
        case = advance(board, case, "complete_removal", by=board.management)
    assert case.step == "closed"
