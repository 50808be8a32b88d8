from django.urls import path

from .api import views as api

urlpatterns: list = [
    path("survey-rounds/", api.RoundListView.as_view(), name="api-survey-round-list"),
    path("survey-rounds/<str:pk>/", api.RoundDetailView.as_view(), name="api-survey-round-detail"),
    path("survey-rounds/<str:pk>/classes/<str:class_pk>/codes/", api.IssueCodesView.as_view(), name="api-survey-codes-issue"),
    path("survey-rounds/<str:pk>/revoke-code/", api.RevokeCodeView.as_view(), name="api-survey-code-revoke"),
    # Anonymous: the code travels in the body, never in the URL, and only to start a session.
    path("thermometer/sessions/", api.SessionView.as_view(), name="api-thermometer-session"),
    path("thermometer/responses/", api.SubmissionView.as_view(), name="api-thermometer-submit"),
    path("thermometer/drafts/", api.DraftView.as_view(), name="api-thermometer-draft"),
    path("thermometer/drafts/resume/", api.DraftResumeView.as_view(), name="api-thermometer-resume"),
]

# Aggregated results (monitoring/api/results.py).
from .api import results as results_api  # noqa: E402

urlpatterns += [
    path("survey-rounds/<str:pk>/results/board/", results_api.BoardResultsView.as_view(), name="api-survey-results-board"),
    path("survey-rounds/<str:pk>/results/branches/<str:branch_pk>/", results_api.BranchResultsView.as_view(),
         name="api-survey-results-branch"),
]
