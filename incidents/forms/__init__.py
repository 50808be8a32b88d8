"""Forms of the dossier pages. They check the shape of the input; the services check the rules.

Errors the services raise (ValidationError with Dutch messages) are put back on the form
with ``add_service_errors`` so the page shows them next to the right field.

One module per page family (``common``, ``students``, ``signals``, ``cases``, ``entries``);
import from ``incidents.forms``.
"""
from __future__ import annotations

from .cases import CaseFilterForm, FlatSelect, ParticipantForm
from .common import (
    MAX_SEARCH_RESULTS,
    NOT_INVOLVED,
    DateInput,
    DateTimeInput,
    MultipleFileField,
    MultipleFileInput,
    add_service_errors,
)
from .entries import (
    ATTR_LABELS,
    HIDDEN_ATTRS,
    KIND_ORDER,
    SHOW_LABELS,
    ConfidentialNoteForm,
    EntryForm,
    KindForm,
    TransitionForm,
    entry_summary,
    recordable_kinds,
)
from .signals import (
    SignalDismissForm,
    SignalForm,
    SignalLinkForm,
    SignalOpenForm,
    posted_student_ids,
    role_field_name,
)
from .students import branch_students, search_students, student_label

__all__ = [
    "ATTR_LABELS",
    "CaseFilterForm",
    "ConfidentialNoteForm",
    "DateInput",
    "DateTimeInput",
    "EntryForm",
    "FlatSelect",
    "HIDDEN_ATTRS",
    "KIND_ORDER",
    "KindForm",
    "MAX_SEARCH_RESULTS",
    "MultipleFileField",
    "MultipleFileInput",
    "NOT_INVOLVED",
    "ParticipantForm",
    "SHOW_LABELS",
    "SignalDismissForm",
    "SignalForm",
    "SignalLinkForm",
    "SignalOpenForm",
    "TransitionForm",
    "add_service_errors",
    "branch_students",
    "entry_summary",
    "posted_student_ids",
    "recordable_kinds",
    "role_field_name",
    "search_students",
    "student_label",
]
