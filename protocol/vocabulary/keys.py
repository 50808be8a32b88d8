"""The canonical string keys of Pestzaak: the vocabularies (enums) and the rules that
tie keys together (which forms may be crimes, which interventions need consent).

Every key here is stored in the database, sent over the API and compared in the
protocol engine, so a key never changes once shipped. Their labels live in
``protocol.vocabulary.labels``; import both through ``protocol.vocabulary``.

Sources: seed 000 (Melanchthon anti-pestbeleid) chapters 1-2 and 5, Bijlage 9-12
and 14; seed 002 (OVO Fryslan-Noord pestprotocol) chapters 2-4. Plain Python on
purpose: the protocol engine and the tests run without Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

Language = Literal["nl", "en"]


@dataclass(frozen=True, slots=True)
class Text:
    """A text in Dutch (the default) and English."""

    nl: str
    en: str

    def get(self, lang: str = "nl") -> str:
        """The text in ``lang``; anything but ``"en"`` gives Dutch, the default."""
        return self.en if lang == "en" else self.nl


class StaffRole(StrEnum):
    """Roles of school staff (seed 000 chapter 2, figure 1). Same keys as people.roles."""

    MENTOR = "mentor"
    TEACHER = "teacher"
    SUPPORT_STAFF = "support_staff"
    HEAD_OF_DEPARTMENT = "head_of_department"
    STUDENT_COUNSELLOR = "student_counsellor"
    COORDINATOR = "coordinator"
    CARE_COORDINATOR = "care_coordinator"
    CONFIDENTIAL_ADVISER = "confidential_adviser"
    BRANCH_MANAGEMENT = "branch_management"
    BOARD_COORDINATOR = "board_coordinator"
    BOARD_MANAGEMENT = "board_management"


class ParticipantRole(StrEnum):
    """The part a student plays in a case (seed 000 §1.5; Bijlage 12 for the support group)."""

    TARGET = "target"
    BULLY = "bully"
    FOLLOWER = "follower"
    BYSTANDER = "bystander"
    DEFENDER = "defender"
    SUPPORT_GROUP_MEMBER = "support_group_member"
    #: Seed 002 route E: the student suspects this student; talked to alone, not yet the bully.
    SUSPECTED_BULLY = "suspected_bully"


class RecordKind(StrEnum):
    """Kinds of timeline entries; the protocol guards look for these."""

    INCIDENT = "incident"
    CONVERSATION = "conversation"
    AGREEMENT = "agreement"
    PARENTS_INFORMED = "parents_informed"
    HEAD_OF_DEPARTMENT_INFORMED = "head_of_department_informed"
    COORDINATOR_INFORMED = "coordinator_informed"
    CARE_COORDINATOR_INFORMED = "care_coordinator_informed"
    INTERVENTION = "intervention"
    SANCTION = "sanction"
    EVALUATION = "evaluation"
    FOLLOW_UP = "follow_up"
    NOTE = "note"
    EVIDENCE = "evidence"
    CONSENT = "consent"
    POLICE_INFORMED = "police_informed"
    SUSPENSION = "suspension"
    SUSPENSION_DECISION_LETTER = "suspension_decision_letter"
    INSPECTORATE_NOTIFIED = "inspectorate_notified"
    HEARING = "hearing"
    REMOVAL = "removal"
    DUTY_OF_CARE_ENDED = "duty_of_care_ended"
    ROUTE_CHOSEN = "route_chosen"
    OTHER_SCHOOL_CONTACTED = "other_school_contacted"
    #: Footnote 16: with criminal offences the police is informed; if not, say why.
    POLICE_NOT_INFORMED = "police_not_informed"
    #: Seed 002 step 3 route C: decided with the student whether the parents are told.
    PARENTS_DECISION = "parents_decision"
    #: Seed 000 Bijlage 14: the student's own plan, with an evaluation date.
    NON_CONTRACT = "non_contract"
    NON_CONTRACT_EVALUATED = "non_contract_evaluated"
    #: The written removal decision to student and parents (WVO art. 27; seed 000 step 6).
    REMOVAL_DECISION_LETTER = "removal_decision_letter"


class Attr(StrEnum):
    """Attribute names inside a record's ``attrs`` mapping."""

    WITH = "with"  # conversation / follow_up: ConversationWith
    PARTY = "party"  # parents_informed: InformedParty
    KIND = "kind"  # intervention: InterventionKind; sanction: SanctionKind
    FORM = "form"  # incident: BullyingForm
    OUTCOME = "outcome"  # evaluation: Outcome
    ROUTE = "route"  # route_chosen: Route
    FOR = "for"  # consent: ConsentFor
    GIVEN = "given"  # consent: bool, False records a refusal or withdrawal
    SCHOOL_DAYS = "school_days"  # suspension: int, 1..5
    SUSPENSION = "suspension"  # letter / inspectorate notice: the suspension's record id
    REASON = "reason"  # transition parameter for closing as teasing and for reopening
    INFORM = "inform"  # parents_decision: bool, True = the parents will be told
    MEMBER = "member"  # follow_up with the group: the support-group member's participant id
    NO_BLAME = "no_blame"  # follow_up: bool, this is a No Blame follow-up talk (Bijlage 12)
    WRITTEN = "written"  # consent for a referral: bool, the parents' consent is in writing
    GROUP_REASON = "group_reason"  # no_blame intervention: why the group is not 6-8, half/half
    EVALUATION_ON = "evaluation_on"  # non_contract: ISO date of the student's own evaluation


class ConversationWith(StrEnum):
    """Who a conversation (or follow-up talk) is with."""

    TARGET = "target"
    BULLY = "bully"
    GROUP = "group"
    CLASS = "class"
    PARENTS = "parents"
    BULLY_AND_PARENTS = "bully_and_parents"
    TARGET_AND_PARENTS = "target_and_parents"
    #: Bully and target together: a mediation / follow-up meeting with both parties.
    TARGET_AND_BULLY = "target_and_bully"
    #: Seed 002 E.1: the individual talk with a suspected bully, without the target.
    SUSPECTED_BULLY = "suspected_bully"


class InformedParty(StrEnum):
    """Whose parents were informed; step 2 of seed 000 needs both."""

    TARGET_PARENTS = "target_parents"
    BULLY_PARENTS = "bully_parents"


class InterventionKind(StrEnum):
    """Individual and group interventions (seed 000 §5.1, Bijlage 12, 14; seed 002)."""

    NO_BLAME = "no_blame"
    MEDIATION = "mediation"
    RESTORATIVE_CONVERSATION = "restorative_conversation"
    NON_CONTRACT = "non_contract"
    TRAINING = "training"
    REFERRAL = "referral"
    GUIDANCE = "guidance"
    CLASS_TALK = "class_talk"
    CLASS_LESSON = "class_lesson"
    SUPPORT_GROUP = "support_group"


class SanctionKind(StrEnum):
    """The sanction examples of seed 000 §5.2, in its order."""

    DETENTION = "detention"
    INTERNAL_SUSPENSION = "internal_suspension"
    LOSS_OF_PRIVILEGES = "loss_of_privileges"
    PARENT_CONTACT = "parent_contact"
    PARENT_MEETING = "parent_meeting"
    SUSPENSION = "suspension"
    REMOVAL = "removal"


class BullyingForm(StrEnum):
    """Forms of bullying (seed 000 §1.3)."""

    VERBAL = "verbal"
    DIGITAL = "digital"
    PHYSICAL = "physical"
    MATERIAL = "material"
    INTIMIDATION = "intimidation"
    EXTORTION = "extortion"
    SOCIAL_EXCLUSION = "social_exclusion"
    SEXUAL_HARASSMENT = "sexual_harassment"
    DISCRIMINATION = "discrimination"


class Outcome(StrEnum):
    """What an evaluation concludes: did the bullying stop?"""

    STOPPED = "stopped"
    CONTINUES = "continues"


class TransitionOutcome(StrEnum):
    """What taking a transition means for the case: the reading every report and page
    uses instead of transition or step names, so a new protocol version with new exits
    is counted by what its transitions mean (issue 15.4).

    The closing outcomes are the ways out both seeds name: seed 000 §5.1 "als het
    pesten stopt" and step 6 (removal), §1.1-1.2 and Bijlage 2 (teasing, not bullying);
    seed 002 step 3 "wanneer het vermoeden klopt" (when it does not: unfounded).
    """

    #: The next step of the ordinary path (seed 000 steps 1-3; seed 002 steps 1-3).
    ADVANCED = "advanced"
    #: §5.4 "een cyclisch proces": adjusted agreements and another monitoring round.
    NEW_ROUND = "new_round"
    #: "Als het pesten niet stopt": a heavier step (seed 000 steps 4-6; seed 002 D/E).
    ESCALATED = "escalated"
    #: Closed: an evaluation showed the bullying stopped.
    STOPPED = "stopped"
    #: Closed: it turned out to be teasing, not bullying.
    TEASING = "teasing"
    #: Closed: the suspicion was not confirmed.
    UNFOUNDED = "unfounded"
    #: Closed: the definitive removal has been completed (seed 000 step 6).
    REMOVAL_COMPLETED = "removal_completed"
    #: A closed case opened again.
    REOPENED = "reopened"

    @property
    def closes(self) -> bool:
        """Whether a transition with this outcome ends in a terminal (closed) step."""
        return self in CLOSING_OUTCOMES


#: The outcomes that close a case, in the order reports list them.
CLOSING_OUTCOMES: tuple[TransitionOutcome, ...] = (
    TransitionOutcome.STOPPED,
    TransitionOutcome.TEASING,
    TransitionOutcome.UNFOUNDED,
    TransitionOutcome.REMOVAL_COMPLETED,
)


class ConsentFor(StrEnum):
    """What the target consented to (seed 000 §5.1 step 1)."""

    MEDIATION = "mediation"
    SUPPORT_GROUP = "support_group"
    CLASS_TALK = "class_talk"
    #: Seed 000 Bijlage 5: external help only after the parents' written consent.
    REFERRAL = "referral"


class Route(StrEnum):
    """The routes of seed 002 chapter 4."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"


class Flag(StrEnum):
    """Facts the caller supplies, because they come from outside the timeline."""

    #: Seed 000 footnote 16: some forms of bullying are crimes; then the police is informed.
    CRIMINAL_OFFENCE = "criminal_offence"
    #: Seed 000 step 3: the four school weeks of monitoring have passed.
    MONITORING_PERIOD_ELAPSED = "monitoring_period_elapsed"
    #: Seed 000 step 4: the bully's "two more weeks" after the second talk have passed.
    IMPROVEMENT_PERIOD_ELAPSED = "improvement_period_elapsed"
    #: Seed 002 route E: the student suspects a bully who attends this school.
    SUSPECTED_BULLY_AT_SCHOOL = "suspected_bully_at_school"
    #: Nobody has been identified as the bully (no bully with a name or a school).
    BULLY_UNKNOWN = "bully_unknown"
    #: The identified bully attends another school (none at this school).
    BULLY_ELSEWHERE = "bully_elsewhere"
    #: Seed 000 step 4 "na twee weken": two school weeks of monitoring have passed.
    MONITORED_TWO_WEEKS = "monitored_two_weeks"
    #: Seed 002 "blijf de leerling volgen": the route's follow-up term has run once.
    FOLLOW_PERIOD_ELAPSED = "follow_period_elapsed"
    #: Bijlage 12: 8 days since No Blame, the target's follow-up talk may be held.
    NO_BLAME_TARGET_EARLIEST = "no_blame_target_earliest"
    #: Bijlage 12: 10 days since No Blame, the members' follow-up talks may be held.
    NO_BLAME_GROUP_EARLIEST = "no_blame_group_earliest"
    #: Bijlage 12 "apart": every support-group member had their own follow-up talk.
    NO_BLAME_GROUP_FOLLOWED = "no_blame_group_followed"
    #: Bijlage 12: the support group has 6-8 students, half bullies/followers.
    SUPPORT_GROUP_AS_SEED = "support_group_as_seed"


class DeadlineUnit(StrEnum):
    """Units of protocol terms; holidays do not count, so both are school time."""

    SCHOOL_WEEKS = "school_weeks"
    SCHOOL_DAYS = "school_days"


#: Forms of bullying that may be criminal offences (seed 000 footnote 16: "vernieling,
#: diefstal, verbale of fysieke bedreiging, mishandeling, discriminatie, seksuele
#: intimidatie, stalking"): the case suggests the criminal-offence flag for these and
#: the user confirms it. Intimidation covers threats and stalking (§1.3 "achtervolgen,
#: opwachten"), material covers theft and vandalism (§1.3 "stelen, vernielen").
CRIMINAL_FORMS: frozenset[str] = frozenset(
    {
        BullyingForm.PHYSICAL,
        BullyingForm.MATERIAL,
        BullyingForm.INTIMIDATION,
        BullyingForm.EXTORTION,
        BullyingForm.SEXUAL_HARASSMENT,
        BullyingForm.DISCRIMINATION,
    }
)

#: Which consent each consent-bound intervention needs. A restorative conversation
#: between bully and target *is* the mediation of seed 000 §5.1 (footnote 14,
#: herstelrecht); No Blame works through a support group (Bijlage 12).
CONSENT_REQUIRED: dict[str, ConsentFor] = {
    InterventionKind.MEDIATION: ConsentFor.MEDIATION,
    InterventionKind.RESTORATIVE_CONVERSATION: ConsentFor.MEDIATION,
    InterventionKind.NO_BLAME: ConsentFor.SUPPORT_GROUP,
    InterventionKind.SUPPORT_GROUP: ConsentFor.SUPPORT_GROUP,
    InterventionKind.CLASS_TALK: ConsentFor.CLASS_TALK,
}

#: The same rule for conversations: "een gesprek [met] een steungroepje en/of met de klas
#: ... uitsluitend met toestemming van de gepeste leerling" (seed 000 §5.1 step 1).
CONVERSATION_CONSENT_REQUIRED: dict[str, ConsentFor] = {
    ConversationWith.GROUP: ConsentFor.SUPPORT_GROUP,
    ConversationWith.CLASS: ConsentFor.CLASS_TALK,
    ConversationWith.TARGET_AND_BULLY: ConsentFor.MEDIATION,
}
