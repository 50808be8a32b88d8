"""The canonical string keys of Pestzaak, with their Dutch and English labels.

Every key here is stored in the database, sent over the API and compared in the
protocol engine, so a key never changes once shipped; only its labels may. Dutch is
the product's default language, English second.

Sources: seed 000 (Melanchthon anti-pestbeleid) chapters 1-2 and 5, Bijlage 9-12
and 14; seed 002 (OVO Fryslan-Noord pestprotocol) chapters 2-4. Plain Python on
purpose: the protocol engine and the tests run without Django.

Two modules: ``keys`` (the enums and the rules between keys) and ``labels`` (their
Dutch and English labels); callers import everything from here.
"""

from protocol.vocabulary.keys import (
    CLOSING_OUTCOMES,
    CONSENT_REQUIRED,
    CONVERSATION_CONSENT_REQUIRED,
    CRIMINAL_FORMS,
    Attr,
    BullyingForm,
    ConsentFor,
    ConversationWith,
    DeadlineUnit,
    Flag,
    InformedParty,
    InterventionKind,
    Language,
    Outcome,
    ParticipantRole,
    RecordKind,
    Route,
    SanctionKind,
    StaffRole,
    Text,
    TransitionOutcome,
)
from protocol.vocabulary.labels import LABELS, LABELS_EN, LABELS_NL, choices, label, role_label

__all__ = [
    "Attr",
    "BullyingForm",
    "CLOSING_OUTCOMES",
    "CONSENT_REQUIRED",
    "CONVERSATION_CONSENT_REQUIRED",
    "CRIMINAL_FORMS",
    "ConsentFor",
    "ConversationWith",
    "DeadlineUnit",
    "Flag",
    "InformedParty",
    "InterventionKind",
    "LABELS",
    "LABELS_EN",
    "LABELS_NL",
    "Language",
    "Outcome",
    "ParticipantRole",
    "RecordKind",
    "Route",
    "SanctionKind",
    "StaffRole",
    "Text",
    "TransitionOutcome",
    "choices",
    "label",
    "role_label",
]
