"""The dossier's API routes, included under /api/v1/ by config.api_urls.

Ids are matched as text and checked by the views, so ``/cases/abc/`` answers 404 in JSON.
"""
from django.urls import path

from .api import followups, sharing, views

urlpatterns = [
    path("signals/", views.SignalListView.as_view(), name="api-signal-list"),
    path("signals/<str:pk>/", views.SignalDetailView.as_view(), name="api-signal-detail"),
    path("signals/<str:pk>/open-case/", views.SignalOpenCaseView.as_view(), name="api-signal-open-case"),
    path("signals/<str:pk>/link/", views.SignalLinkView.as_view(), name="api-signal-link"),
    path("signals/<str:pk>/dismiss/", views.SignalDismissView.as_view(), name="api-signal-dismiss"),
    path("cases/", views.CaseListView.as_view(), name="api-case-list"),
    path("cases/<str:pk>/", views.CaseDetailView.as_view(), name="api-case-detail"),
    path("cases/<str:pk>/transitions/", views.CaseTransitionView.as_view(), name="api-case-transition"),
    path("cases/<str:pk>/entries/", views.CaseEntriesView.as_view(), name="api-case-entries"),
    path("cases/<str:pk>/entries/<str:entry_id>/correct/", views.EntryCorrectView.as_view(), name="api-entry-correct"),
    path("cases/<str:pk>/participants/", views.CaseParticipantsView.as_view(), name="api-case-participants"),
    path("cases/<str:pk>/confidential-notes/", views.CaseConfidentialNotesView.as_view(), name="api-case-confidential-notes"),
    path("cases/<str:pk>/members/", sharing.CaseMembersView.as_view(), name="api-case-members"),
    path("cases/<str:pk>/members/remove/", sharing.CaseMemberRemoveView.as_view(), name="api-case-members-remove"),
    path("board-settings/", sharing.BoardSettingsView.as_view(), name="api-board-settings"),
    path("cases/<str:pk>/criminal-offence/", sharing.CaseCriminalOffenceView.as_view(), name="api-case-criminal-offence"),
    path("evidence/<str:pk>/download/", views.EvidenceDownloadView.as_view(), name="api-evidence-download"),
    path("followups/", followups.FollowUpListView.as_view(), name="api-followup-list"),
    path("followups/<str:pk>/", followups.FollowUpDetailView.as_view(), name="api-followup-detail"),
    path("followups/<str:pk>/complete/", followups.FollowUpCompleteView.as_view(), name="api-followup-complete"),
    path("notifications/", followups.NotificationListView.as_view(), name="api-notification-list"),
    path("notifications/mark-read/", followups.NotificationMarkReadView.as_view(), name="api-notification-mark-read"),
]
