"""The dossier: signals, cases, participants, the timeline, evidence, confidential notes, letters.

Cases walk their organisation's protocol (protocol.definitions) through incidents.services;
nothing here changes a case's step directly.

One module per concern; every name is re-exported here, so ``from incidents.models import X``
and the migrations (which name ``incidents.models.evidence_path`` and ``_OrgFromObject``)
keep working. Import from ``incidents.models``, not from the modules.
"""
from .board import BoardSettings
from .cases import Case, CaseExclusion, IncidentCategory, Participant, Signal, SignalStudent
from .complaints import Complaint, ComplaintStep
from .followups import CalendarFeedToken, FollowUp, FollowUpPolicy
from .grants import (
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
    ConfidentialNoteGroupObjectPermission,
    ConfidentialNoteUserObjectPermission,
    _OrgFromObject,
)
from .letters import Letter, LetterTemplate
from .public import PublicReport, PublicReportMessage, StatusCode
from .serious import SeriousIncident, SeriousIncidentPolicy
from .timeline import ConfidentialNote, Evidence, TimelineEntry, evidence_path

__all__ = [
    "BoardSettings", "CalendarFeedToken", "Case", "CaseExclusion", "CaseGroupObjectPermission",
    "CaseUserObjectPermission", "Complaint", "ComplaintStep", "ConfidentialNote",
    "ConfidentialNoteGroupObjectPermission", "ConfidentialNoteUserObjectPermission", "Evidence",
    "FollowUp", "FollowUpPolicy", "IncidentCategory", "Letter", "LetterTemplate", "Participant",
    "PublicReport", "PublicReportMessage", "SeriousIncident", "SeriousIncidentPolicy", "Signal",
    "SignalStudent", "StatusCode", "TimelineEntry", "_OrgFromObject", "evidence_path",
]
