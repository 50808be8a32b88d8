"""The Dutch and English labels of every vocabulary in ``protocol.vocabulary.keys``.

Only labels change between releases; the keys never do. Plain Python, like the keys.
"""

from __future__ import annotations

from enum import StrEnum

from protocol.vocabulary.keys import (
    BullyingForm,
    ConsentFor,
    ConversationWith,
    DeadlineUnit,
    Flag,
    InformedParty,
    InterventionKind,
    Outcome,
    ParticipantRole,
    RecordKind,
    Route,
    SanctionKind,
    StaffRole,
    Text,
    TransitionOutcome,
)


def _t(nl: str, en: str) -> Text:
    return Text(nl, en)


#: Labels per vocabulary, keyed by the enum class: the same string can be a key in two
#: vocabularies (``"target"`` is a participant role and a conversation partner), and
#: StrEnum members hash like their strings, so one flat dict would mix them up.
LABELS: dict[type[StrEnum], dict[str, Text]] = {
    StaffRole: {
        StaffRole.MENTOR: _t("Mentor", "Mentor"),
        StaffRole.TEACHER: _t("Docent", "Teacher"),
        StaffRole.SUPPORT_STAFF: _t("Onderwijsondersteunend personeel", "Support staff"),
        StaffRole.HEAD_OF_DEPARTMENT: _t("Afdelingshoofd", "Head of department"),
        StaffRole.STUDENT_COUNSELLOR: _t("Leerlingbegeleider", "Student counsellor"),
        StaffRole.COORDINATOR: _t("Anti-pestcoördinator", "Anti-bullying coordinator"),
        StaffRole.CARE_COORDINATOR: _t("Zorgcoördinator", "Care coordinator"),
        StaffRole.CONFIDENTIAL_ADVISER: _t("Vertrouwenspersoon", "Confidential adviser"),
        StaffRole.BRANCH_MANAGEMENT: _t("Directie vestiging", "Branch management"),
        StaffRole.BOARD_COORDINATOR: _t(
            "Algemeen anti-pestcoördinator", "Board anti-bullying coordinator"
        ),
        StaffRole.BOARD_MANAGEMENT: _t("Algemene directie", "Board management"),
    },
    ParticipantRole: {
        ParticipantRole.TARGET: _t("Gepeste leerling", "Target"),
        ParticipantRole.BULLY: _t("Pester", "Bully"),
        ParticipantRole.FOLLOWER: _t("Meeloper", "Follower"),
        ParticipantRole.BYSTANDER: _t("Zwijger", "Bystander"),
        ParticipantRole.DEFENDER: _t("Verdediger", "Defender"),
        ParticipantRole.SUPPORT_GROUP_MEMBER: _t("Lid van de steungroep", "Support group member"),
        ParticipantRole.SUSPECTED_BULLY: _t(
            "Vermoedelijke dader (op deze school)", "Suspected bully (at this school)"
        ),
    },
    RecordKind: {
        RecordKind.INCIDENT: _t("Incident", "Incident"),
        RecordKind.CONVERSATION: _t("Gesprek", "Conversation"),
        RecordKind.AGREEMENT: _t("Afspraak", "Agreement"),
        RecordKind.PARENTS_INFORMED: _t("Ouders geïnformeerd", "Parents informed"),
        RecordKind.HEAD_OF_DEPARTMENT_INFORMED: _t(
            "Afdelingshoofd geïnformeerd", "Head of department informed"
        ),
        RecordKind.COORDINATOR_INFORMED: _t(
            "Anti-pestcoördinator betrokken", "Anti-bullying coordinator involved"
        ),
        RecordKind.CARE_COORDINATOR_INFORMED: _t(
            "Zorgcoördinator geïnformeerd", "Care coordinator informed"
        ),
        RecordKind.INTERVENTION: _t("Interventie", "Intervention"),
        RecordKind.SANCTION: _t("Sanctie", "Sanction"),
        RecordKind.EVALUATION: _t("Evaluatie", "Evaluation"),
        RecordKind.FOLLOW_UP: _t("Nabespreking / vinger aan de pols", "Follow-up talk"),
        RecordKind.NOTE: _t("Notitie in het dossier", "Note in the file"),
        RecordKind.EVIDENCE: _t(
            "Bewijs bewaard (bijv. screenshots)", "Evidence kept (e.g. screenshots)"
        ),
        RecordKind.CONSENT: _t("Toestemming gepeste leerling", "Target's consent"),
        RecordKind.POLICE_INFORMED: _t("Politie geïnformeerd", "Police informed"),
        RecordKind.SUSPENSION: _t("Schorsing", "Suspension"),
        RecordKind.SUSPENSION_DECISION_LETTER: _t(
            "Schriftelijk schorsingsbesluit", "Written suspension decision"
        ),
        RecordKind.INSPECTORATE_NOTIFIED: _t(
            "Inspectie op de hoogte gesteld", "Inspectorate notified"
        ),
        RecordKind.HEARING: _t("Hoor en wederhoor", "Hearing of both sides"),
        RecordKind.REMOVAL: _t("Definitieve verwijdering", "Removal"),
        RecordKind.DUTY_OF_CARE_ENDED: _t(
            "Zorgplicht beëindigd (ingeschreven op andere school)",
            "Duty of care ended (enrolled at another school)",
        ),
        RecordKind.ROUTE_CHOSEN: _t("Route gekozen", "Route chosen"),
        RecordKind.OTHER_SCHOOL_CONTACTED: _t(
            "Contact met andere school", "Other school contacted"
        ),
        RecordKind.POLICE_NOT_INFORMED: _t(
            "Politie niet geïnformeerd (met reden)", "Police not informed (with the reason)"
        ),
        RecordKind.PARENTS_DECISION: _t(
            "Besluit met de leerling: ouders informeren of niet",
            "Decision with the student: inform the parents or not",
        ),
        RecordKind.NON_CONTRACT: _t("Non-contract (eigen plan van de leerling)", "Non-contract"),
        RecordKind.NON_CONTRACT_EVALUATED: _t(
            "Non-contract geëvalueerd", "Non-contract evaluated"
        ),
        RecordKind.REMOVAL_DECISION_LETTER: _t(
            "Schriftelijk verwijderingsbesluit", "Written removal decision"
        ),
    },
    ConversationWith: {
        ConversationWith.TARGET: _t("Gepeste leerling", "Target"),
        ConversationWith.BULLY: _t("Pester", "Bully"),
        ConversationWith.GROUP: _t("Steungroep", "Support group"),
        ConversationWith.CLASS: _t("Klas", "Class"),
        ConversationWith.PARENTS: _t("Ouders", "Parents"),
        ConversationWith.BULLY_AND_PARENTS: _t("Pester en ouders", "Bully and parents"),
        ConversationWith.TARGET_AND_PARENTS: _t("Gepeste leerling en ouders", "Target and parents"),
        ConversationWith.TARGET_AND_BULLY: _t("Gepeste leerling en pester", "Target and bully"),
        ConversationWith.SUSPECTED_BULLY: _t(
            "Vermoedelijke dader (zonder slachtoffer)", "Suspected bully (without the target)"
        ),
    },
    InformedParty: {
        InformedParty.TARGET_PARENTS: _t("Ouders van de gepeste leerling", "Target's parents"),
        InformedParty.BULLY_PARENTS: _t("Ouders van de pester", "Bully's parents"),
    },
    InterventionKind: {
        InterventionKind.NO_BLAME: _t("No Blame-aanpak", "No Blame approach"),
        InterventionKind.MEDIATION: _t("Mediation (bemiddelingsgesprek)", "Mediation"),
        InterventionKind.RESTORATIVE_CONVERSATION: _t("Herstelgesprek", "Restorative conversation"),
        InterventionKind.NON_CONTRACT: _t("Non-contract", "Non-contract"),
        InterventionKind.TRAINING: _t("Training", "Training"),
        InterventionKind.REFERRAL: _t("Hulpverlening ingeschakeld", "Referral to help services"),
        InterventionKind.GUIDANCE: _t("Begeleiding", "Guidance"),
        InterventionKind.CLASS_TALK: _t("Klassengesprek", "Class talk"),
        InterventionKind.CLASS_LESSON: _t("Thema pesten in de klas", "Bullying as a class theme"),
        InterventionKind.SUPPORT_GROUP: _t("Steungroepgesprek", "Support group talk"),
    },
    SanctionKind: {
        SanctionKind.DETENTION: _t("Nablijven", "Detention"),
        SanctionKind.INTERNAL_SUSPENSION: _t("Schorsing binnen school", "In-school suspension"),
        SanctionKind.LOSS_OF_PRIVILEGES: _t("Verliezen van privileges", "Loss of privileges"),
        SanctionKind.PARENT_CONTACT: _t("Contact met ouders", "Contact with parents"),
        SanctionKind.PARENT_MEETING: _t(
            "Bespreking met ouders en leerkracht/directie",
            "Meeting with parents and teacher/management",
        ),
        SanctionKind.SUSPENSION: _t("Schorsen van school", "Suspension from school"),
        SanctionKind.REMOVAL: _t("Verwijdering", "Removal"),
    },
    BullyingForm: {
        BullyingForm.VERBAL: _t("Verbaal", "Verbal"),
        BullyingForm.DIGITAL: _t("Digitaal", "Digital"),
        BullyingForm.PHYSICAL: _t("Fysiek", "Physical"),
        BullyingForm.MATERIAL: _t("Materieel", "Material"),
        BullyingForm.INTIMIDATION: _t("Intimidatie / bang maken", "Intimidation"),
        BullyingForm.EXTORTION: _t("Afpersing", "Extortion"),
        BullyingForm.SOCIAL_EXCLUSION: _t("Sociaal buitensluiten", "Social exclusion"),
        BullyingForm.SEXUAL_HARASSMENT: _t("Seksuele intimidatie", "Sexual harassment"),
        BullyingForm.DISCRIMINATION: _t("Discriminatie", "Discrimination"),
    },
    Outcome: {
        Outcome.STOPPED: _t("Pesten gestopt", "Bullying stopped"),
        Outcome.CONTINUES: _t("Pesten gaat door", "Bullying continues"),
    },
    TransitionOutcome: {
        TransitionOutcome.ADVANCED: _t("Volgende stap", "Next step"),
        TransitionOutcome.NEW_ROUND: _t("Nieuwe controleronde", "Another monitoring round"),
        TransitionOutcome.ESCALATED: _t("Opgeschaald", "Escalated"),
        TransitionOutcome.STOPPED: _t("Afgesloten: pesten gestopt", "Closed: bullying stopped"),
        TransitionOutcome.TEASING: _t(
            "Afgesloten: plagen, geen pesten", "Closed: teasing, not bullying"
        ),
        TransitionOutcome.UNFOUNDED: _t(
            "Afgesloten: vermoeden niet bevestigd", "Closed: suspicion not confirmed"
        ),
        TransitionOutcome.REMOVAL_COMPLETED: _t(
            "Afgesloten: verwijdering afgerond", "Closed: removal completed"
        ),
        TransitionOutcome.REOPENED: _t("Heropend", "Reopened"),
    },
    ConsentFor: {
        ConsentFor.MEDIATION: _t("Mediation", "Mediation"),
        ConsentFor.SUPPORT_GROUP: _t("Gesprek met een steungroep", "Support group talk"),
        ConsentFor.CLASS_TALK: _t("Gesprek met de klas", "Class talk"),
        ConsentFor.REFERRAL: _t(
            "Externe hulp (schriftelijke toestemming ouders)",
            "External help (parents' written consent)",
        ),
    },
    Route: {
        Route.A: _t(
            "Route A: vermoedelijke dader in de klas", "Route A: bully suspected in the class"
        ),
        Route.B: _t(
            "Route B: leerling weet wie de dader is", "Route B: the student knows the bully"
        ),
        Route.C: _t(
            "Route C: leerling heeft geen idee wie de dader is", "Route C: no idea who the bully is"
        ),
        Route.D: _t("Route D: de dader is bekend", "Route D: the bully is known"),
        Route.E: _t("Route E: de dader is onbekend", "Route E: the bully is unknown"),
    },
    Flag: {
        Flag.CRIMINAL_OFFENCE: _t(
            "Er is sprake van strafbare feiten", "A criminal offence is involved"
        ),
        Flag.MONITORING_PERIOD_ELAPSED: _t(
            "De vier weken controle zijn voorbij", "The four weeks of monitoring have passed"
        ),
        Flag.IMPROVEMENT_PERIOD_ELAPSED: _t(
            "De twee extra weken zijn voorbij", "The two more weeks have passed"
        ),
        Flag.SUSPECTED_BULLY_AT_SCHOOL: _t(
            "De vermoedelijke dader zit op deze school", "The suspected bully attends this school"
        ),
        Flag.BULLY_UNKNOWN: _t("De pester is onbekend", "The bully is unknown"),
        Flag.BULLY_ELSEWHERE: _t(
            "De pester zit op een andere school", "The bully attends another school"
        ),
        Flag.MONITORED_TWO_WEEKS: _t(
            "Twee weken gecontroleerd", "Two weeks of monitoring have passed"
        ),
        Flag.FOLLOW_PERIOD_ELAPSED: _t(
            "De leerling is een termijn gevolgd", "The student has been followed for a term"
        ),
        Flag.NO_BLAME_TARGET_EARLIEST: _t(
            "Nabespreking met de gepeste leerling mag", "Follow-up with the target may be held"
        ),
        Flag.NO_BLAME_GROUP_EARLIEST: _t(
            "Nabespreking met de steungroep mag", "Follow-up with the group may be held"
        ),
        Flag.NO_BLAME_GROUP_FOLLOWED: _t(
            "Elk steungroeplid apart gesproken", "Each support group member talked to"
        ),
        Flag.SUPPORT_GROUP_AS_SEED: _t(
            "Steungroep van 6-8, de helft pesters/meelopers",
            "Support group of 6-8, half bullies/followers",
        ),
    },
    DeadlineUnit: {
        DeadlineUnit.SCHOOL_WEEKS: _t("schoolweken", "school weeks"),
        DeadlineUnit.SCHOOL_DAYS: _t("schooldagen", "school days"),
    },
}


#: One language at a time, per vocabulary: ``LABELS_NL[RecordKind]["incident"]``.
LABELS_NL: dict[type[StrEnum], dict[str, str]] = {
    vocab: {key: text.nl for key, text in texts.items()} for vocab, texts in LABELS.items()
}
LABELS_EN: dict[type[StrEnum], dict[str, str]] = {
    vocab: {key: text.en for key, text in texts.items()} for vocab, texts in LABELS.items()
}


def label(key: StrEnum, lang: str = "nl") -> str:
    """The label of a vocabulary member in ``lang`` (Dutch unless ``"en"``)."""
    return LABELS[type(key)][key.value].get(lang)


def choices(vocab: type[StrEnum], lang: str = "nl") -> list[tuple[str, str]]:
    """``(key, label)`` pairs of one vocabulary, in definition order (for forms and models)."""
    return [(member.value, label(member, lang)) for member in vocab]


def role_label(role: str, lang: str = "nl") -> str:
    """The label of a staff role key given as a plain string; unknown keys are echoed."""
    try:
        return label(StaffRole(role), lang)
    except ValueError:
        return role
