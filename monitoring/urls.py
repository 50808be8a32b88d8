from django.urls import path

from .views import rounds as round_views
from .views import student as student_views
from .views import talk_requests as talk_views

app_name = "monitoring"

urlpatterns: list = [
    # The student's survey: no log-in; the code travels in a cookie scoped to /thermometer/.
    path("thermometer/", student_views.start, name="thermometer_start"),
    path("thermometer/over-jou/", student_views.background, name="thermometer_background"),
    path("thermometer/vragen/<int:number>/", student_views.section, name="thermometer_section"),
    path("thermometer/bedankt/<str:token>/", student_views.thanks, name="thermometer_thanks"),
    path("thermometer/gesprek/", student_views.talk_request, name="talk_request"),
    path("thermometer/gesprek/verstuurd/", student_views.talk_request_sent, name="talk_request_sent"),
    # Round management (coordinators, management).
    path("peilingen/", round_views.round_list, name="round_list"),
    path("peilingen/nieuw/", round_views.round_new, name="round_new"),
    path("peilingen/<str:round_id>/", round_views.round_detail, name="round_detail"),
    path("peilingen/<str:round_id>/klassen/<str:class_id>/codes/", round_views.codes_issue, name="codes_issue"),
    path("peilingen/<str:round_id>/code-intrekken/", round_views.code_revoke, name="code_revoke"),
    path("gespreksverzoeken/<str:talk_id>/", talk_views.talk_request_detail, name="talk_request_detail"),
]

# Result dashboards (monitoring/views/dashboard.py).
from .views import dashboard as dashboard_views  # noqa: E402

urlpatterns += [
    path("veiligheid/", dashboard_views.dashboard_index, name="dashboard"),
    path("veiligheid/bestuur/", dashboard_views.dashboard_board, name="dashboard_board"),
    path("veiligheid/vestigingen/<str:branch_id>/", dashboard_views.dashboard_branch, name="dashboard_branch"),
    path("veiligheid/peilingen/<str:round_id>/inspectie.csv", dashboard_views.dashboard_export, name="dashboard_export"),
]

from .views import inspectorate as inspectorate_views  # noqa: E402

urlpatterns += [
    path("veiligheid/inspectie/", inspectorate_views.inspectorate_export, name="inspectorate_export"),
]

from .external import views as external_views  # noqa: E402

urlpatterns += [
    path("veiligheid/externe-monitor/", external_views.external_results, name="external_results"),
]

from .staff import views as staff_views  # noqa: E402

urlpatterns += [
    path("veiligheid/personeel/", staff_views.staff_dashboard, name="staff_dashboard"),
    path("personeelsmonitor/", staff_views.staff_survey, name="staff_survey"),
]

# The inspection report (monitoring/report/urls.py).
from .report.urls import urlpatterns as _report_urls  # noqa: E402

urlpatterns += _report_urls
from .privacy.urls import urlpatterns as _privacy_urls  # noqa: E402

urlpatterns += _privacy_urls
