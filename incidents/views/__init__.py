"""The dossier's pages, split by page group. Thin: validate, call one service or selector, render."""
from .case_page import (
    case_criminal_offence,
    case_detail,
    case_transition,
    confidential_note_add,
    entry_add,
    participant_add,
)
from .cases import case_list, my_cases
from .evidence import evidence_download
from .signals import (
    signal_detail,
    signal_dismiss,
    signal_done,
    signal_link,
    signal_list,
    signal_new,
    signal_open,
)
from .students import student_cases

__all__ = [
    "case_detail",
    "case_list",
    "case_transition",
    "case_criminal_offence",
    "confidential_note_add",
    "entry_add",
    "evidence_download",
    "my_cases",
    "participant_add",
    "signal_detail",
    "signal_dismiss",
    "signal_done",
    "signal_link",
    "signal_list",
    "signal_new",
    "signal_open",
    "student_cases",
]
