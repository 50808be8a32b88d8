"""Building blocks shared by the shipped protocols: who may act (role groups) and the
guards the law and seed 000 ask of every protocol (police, suspension paperwork, a
reason, the evaluation's conclusion). Record rules are in ``record_rules``; both are
re-exported by ``common``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from protocol.engine import (
    AttrValue,
    Guard,
    GuardKind,
    RecordMatch,
    Scope,
)
from protocol.vocabulary import (
    Attr,
    Flag,
    Outcome,
    RecordKind,
    StaffRole,
    Text,
)

R = StaffRole
K = RecordKind

# ---------------------------------------------------------------------------- role groups

#: First line: mentor and teacher run the conversations and interventions (seed 000 ch. 2).
FIRST_LINE = frozenset({R.MENTOR, R.TEACHER})
#: The branch coordinator follows every case; board roles may act wherever a coordinator
#: may (seed 000 §2.3: the board coordinator advises all branches; board management is
#: the third line).
COORDINATION = frozenset({R.COORDINATOR, R.BOARD_COORDINATOR, R.BOARD_MANAGEMENT})
#: Who moves a case through the ordinary steps: first line, the student counsellor
#: (second line, guides bully, target and class) and coordination.
CASE_WORKERS = FIRST_LINE | {R.STUDENT_COUNSELLOR} | COORDINATION
#: Suspension is a decision of the branch's management (the brief; seed 002 D.2
#: "deelschoolleider").
SUSPENDERS = frozenset({R.BRANCH_MANAGEMENT})
#: Removal, the hearing and the legal paperwork: branch or board management (seed 000
#: ch. 2: "algemene directie: hoor- en wederhoor, treffen van maatregelen").
MANAGEMENT = frozenset({R.BRANCH_MANAGEMENT, R.BOARD_MANAGEMENT})


# --------------------------------------------------------------------------------- guards


def rec(kind: str, attrs: Mapping[str, AttrValue] | None = None) -> RecordMatch:
    """Shorthand for ``RecordMatch.of``."""
    return RecordMatch.of(kind, attrs)


def needs(
    key: str, match: RecordMatch, nl: str, en: str, *, scope: Scope = "step", when_flag: str = ""
) -> Guard:
    """A record matching ``match`` must exist (in the current step unless ``scope="case"``)."""
    return Guard(key, GuardKind.RECORD, Text(nl, en), (match,), scope=scope, when_flag=when_flag)


def needs_any(
    key: str, matches: Iterable[RecordMatch], nl: str, en: str, *, scope: Scope = "step"
) -> Guard:
    """At least one record matching one of ``matches`` must exist."""
    return Guard(key, GuardKind.ANY_RECORD, Text(nl, en), tuple(matches), scope=scope)


def flag(key: str, name: str, nl: str, en: str) -> Guard:
    """The caller must report flag ``name`` as true (e.g. a term has passed)."""
    return Guard(key, GuardKind.FLAG, Text(nl, en), name=name)


def evaluated(outcome: Outcome, *, after: str = "") -> Guard:
    """The latest evaluation in this step concluded ``outcome``: an earlier "stopped"
    does not close a case the latest evaluation says goes on (issue 12.1). With
    ``after`` (a term flag) that evaluation must also have been made once the term ran."""
    stopped = outcome is Outcome.STOPPED
    if after:
        nl = (
            "Leg na afloop van de termijn een evaluatie vast waaruit blijkt dat het pesten "
            + ("gestopt is." if stopped else "doorgaat.")
        )
        en = "After the term has run, record an evaluation showing that the bullying " + (
            "has stopped." if stopped else "goes on."
        )
    else:
        nl = "De laatste evaluatie moet laten zien dat het pesten " + (
            "gestopt is." if stopped else "doorgaat."
        )
        en = "The latest evaluation must show that the bullying " + (
            "has stopped." if stopped else "goes on."
        )
    return Guard(
        "evaluation_stopped" if stopped else "evaluation_continues",
        GuardKind.LATEST,
        Text(nl, en),
        (rec(K.EVALUATION), rec(K.EVALUATION, {Attr.OUTCOME: outcome})),
        name=after,
    )


def not_flag(key: str, name: str, nl: str, en: str) -> Guard:
    """The caller flag ``name`` must not be true."""
    return Guard(key, GuardKind.NOT_FLAG, Text(nl, en), name=name)


#: The bully is not a student of this school: no talk with the bully or the bully's
#: parents can be demanded (issue 12.2; seed 002 "de dader is onbekend" / "op een andere
#: school").
BULLY_NOT_HERE = (Flag.BULLY_UNKNOWN.value, Flag.BULLY_ELSEWHERE.value)

OTHER_SCHOOL_CONTACTED = needs(
    "other_school_contacted",
    rec(K.OTHER_SCHOOL_CONTACTED),
    "De pester zit op een andere school: leg het contact met die school vast (in overleg "
    "met de teamleider).",
    "The bully attends another school: record the contact with that school (in "
    "consultation with the team leader).",
    scope="case",
    when_flag=Flag.BULLY_ELSEWHERE,
)

BULLY_IDENTIFIED = not_flag(
    "bully_identified",
    Flag.BULLY_UNKNOWN,
    "De pester is nog onbekend: voeg eerst de pester toe bij de betrokkenen (met naam, of "
    "met de andere school).",
    "The bully is still unknown: first add the bully to the people involved (by name, or "
    "with the other school).",
)


def reason_required() -> Guard:
    return Guard(
        "reason",
        GuardKind.PARAM,
        Text("Geef een reden op.", "Give a reason."),
        name=Attr.REASON,
    )


#: Seed 000 §5.1 step 4 and footnote 16: with criminal offences the police is informed and
#: this is recorded in the file. Case-wide, because it may have been done earlier. Every
#: way out of such a case needs it, or a recorded reason why not (issue 12.4: footnote 16
#: leaves the report to the parents, so a school may have reason not to).
POLICE_INFORMED = Guard(
    "police_informed",
    GuardKind.ANY_RECORD,
    Text(
        "Er is sprake van strafbare feiten: leg vast dat de politie is geïnformeerd, of "
        "waarom niet.",
        "A criminal offence is involved: record that the police has been informed, or why not.",
    ),
    (rec(K.POLICE_INFORMED), rec(K.POLICE_NOT_INFORMED)),
    scope="case",
    when_flag=Flag.CRIMINAL_OFFENCE,
)

#: A recorded suspension (the paperwork refers to it by id).
SUSPENSION_RECORD = rec(K.SUSPENSION)

#: A suspension lasts at most five school days ("ten hoogste een week", Inrichtingsbesluit
#: WVO art. 13), is decided in writing with reasons and the way to object, and one longer
#: than a day is reported to the inspectorate. A step with suspensions cannot be left
#: while any of this is missing. Vacuous in steps without suspensions.
SUSPENSION_GUARDS = (
    Guard(
        "suspension_length",
        GuardKind.EACH_IN_RANGE,
        Text(
            "Een schorsing duurt ten hoogste vijf schooldagen.",
            "A suspension lasts at most five school days.",
        ),
        (SUSPENSION_RECORD,),
        attr=Attr.SCHOOL_DAYS,
        minimum=1,
        maximum=5,
    ),
    Guard(
        "suspension_letter",
        GuardKind.EACH_LINKED,
        Text(
            "Bij elke schorsing hoort een schriftelijk besluit aan leerling en ouders, "
            "met de redenen en hoe zij bezwaar kunnen maken.",
            "Every suspension needs a written decision to the student and parents, "
            "with the reasons and how to object.",
        ),
        (SUSPENSION_RECORD, rec(K.SUSPENSION_DECISION_LETTER)),
        link=Attr.SUSPENSION,
    ),
    Guard(
        "suspension_inspectorate",
        GuardKind.EACH_LINKED,
        Text(
            "Een schorsing van meer dan één dag moet aan de inspectie gemeld zijn.",
            "A suspension longer than one day must be reported to the inspectorate.",
        ),
        (SUSPENSION_RECORD, rec(K.INSPECTORATE_NOTIFIED)),
        link=Attr.SUSPENSION,
        attr=Attr.SCHOOL_DAYS,
        minimum=2,
    ),
)
