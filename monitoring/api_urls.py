from django.urls import path

from .api import views as api
from .api.fast import session_fast, submission_fast, with_fast_path

#: The students' anonymous API: also served on its own, with a short middleware stack and
#: this short URL list (config/lean.py, config/lean_urls.py).
anonymous_urlpatterns: list = [
    # Anonymous: the code travels in the body, never in the URL, and only to start a session.
    # The rush's two requests try the one-round-trip path first (monitoring.api.fast).
    path("thermometer/sessions/", with_fast_path(api.SessionView, session_fast), name="api-thermometer-session"),
    path("thermometer/responses/", with_fast_path(api.SubmissionView, submission_fast), name="api-thermometer-submit"),
    path("thermometer/drafts/", api.DraftView.as_view(), name="api-thermometer-draft"),
    path("thermometer/drafts/resume/", api.DraftResumeView.as_view(), name="api-thermometer-resume"),
]

urlpatterns: list = [
    path("survey-rounds/", api.RoundListView.as_view(), name="api-survey-round-list"),
    path("survey-rounds/<str:pk>/", api.RoundDetailView.as_view(), name="api-survey-round-detail"),
    path("survey-rounds/<str:pk>/classes/<str:class_pk>/codes/", api.IssueCodesView.as_view(), name="api-survey-codes-issue"),
    path("survey-rounds/<str:pk>/revoke-code/", api.RevokeCodeView.as_view(), name="api-survey-code-revoke"),
    *anonymous_urlpatterns,
]

# Aggregated results (monitoring/api/results.py).
from .api import results as results_api  # noqa: E402

urlpatterns += [
    path("survey-rounds/<str:pk>/results/board/", results_api.BoardResultsView.as_view(), name="api-survey-results-board"),
    path("survey-rounds/<str:pk>/results/branches/<str:branch_pk>/", results_api.BranchResultsView.as_view(),
         name="api-survey-results-branch"),
]
