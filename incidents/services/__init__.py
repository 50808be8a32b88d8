"""Writes on dossiers. Every service checks its rules, runs in a transaction and audits."""
from .cases import (
    case_criminal_offence_set,
    case_open,
    case_transition,
    case_update_people,
    criminal_forms,
    participant_add,
    signal_link,
)
from .records import confidential_note_add, entry_correct, entry_record, evidence_attach
from .sharing import board_settings_update, case_share, case_unshare
from .signals import SignalStudentInput, signal_create, signal_dismiss

__all__ = [
    "SignalStudentInput",
    "board_settings_update",
    "case_criminal_offence_set",
    "case_open",
    "case_share",
    "case_transition",
    "case_unshare",
    "case_update_people",
    "confidential_note_add",
    "criminal_forms",
    "entry_correct",
    "entry_record",
    "evidence_attach",
    "participant_add",
    "signal_create",
    "signal_dismiss",
    "signal_link",
]
