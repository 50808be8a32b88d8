"""The dossier's pages (Dutch URLs). Letters add their own URL module (incidents/letters/)."""
from django.urls import include, path, re_path

from . import views
from .account import views as account_views
from .ical import TOKEN_PATTERN
from .status import views as status_views
from .views import complaints as complaint_views
from .views import conflicts as conflict_views
from .views import followups as followup_views
from .views import handover as handover_views
from .views import ical as ical_views
from .views import serious as serious_views
from .views import sharing as sharing_views

app_name = "incidents"

urlpatterns = [
    path("signalen/nieuw/", views.signal_new, name="signal_new"),
    path("signalen/<int:signal_id>/ontvangen/", views.signal_done, name="signal_done"),
    path("signalen/", views.signal_list, name="signal_list"),
    path("signalen/<int:signal_id>/", views.signal_detail, name="signal_detail"),
    path("signalen/<int:signal_id>/zaak-openen/", views.signal_open, name="signal_open"),
    path("signalen/<int:signal_id>/koppelen/", views.signal_link, name="signal_link"),
    path("signalen/<int:signal_id>/afhandelen/", views.signal_dismiss, name="signal_dismiss"),
    path("zaken/", views.case_list, name="case_list"),
    path("mijn-zaken/", views.my_cases, name="my_cases"),
    path("zaken/<int:case_id>/", views.case_detail, name="case_detail"),
    path("zaken/<int:case_id>/vastleggen/", views.entry_add, name="entry_add"),
    path("zaken/<int:case_id>/stap/", views.case_transition, name="case_transition"),
    path("zaken/<int:case_id>/betrokkenen/", views.participant_add, name="participant_add"),
    path("zaken/<int:case_id>/vertrouwelijk/", views.confidential_note_add, name="confidential_note_add"),
    path("zaken/<int:case_id>/strafbaar/", views.case_criminal_offence, name="case_criminal_offence"),
    path("zaken/<int:case_id>/belangen/", conflict_views.case_conflicts, name="case_conflicts"),
    path("zaken/<int:case_id>/belangen/<int:exclusion_id>/opheffen/", conflict_views.case_exclusion_lift,
         name="case_exclusion_lift"),
    path("zaken/<int:case_id>/belangen/medewerker/", conflict_views.case_staff_party_add, name="case_staff_party_add"),
    path("zaken/<int:case_id>/verantwoording/", account_views.account_page, name="case_account"),
    path("zaken/<int:case_id>/verantwoording/pdf/", account_views.account_pdf, name="case_account_pdf"),
    path("zaken/<int:case_id>/statuscodes/", status_views.case_status_codes, name="case_status_codes"),
    path("zaken/<int:case_id>/statuscodes/<int:code_id>/intrekken/", status_views.status_code_revoke,
         name="status_code_revoke"),
    path("status/<slug:org_slug>/", status_views.status_page, name="status_page"),
    path("ernstige-incidenten/", serious_views.register_page, name="serious_register"),
    path("ernstige-incidenten/instelling/", serious_views.register_setting, name="serious_setting"),
    path("ernstige-incidenten/<int:incident_id>/gemeld/", serious_views.incident_reported, name="serious_reported"),
    path("zaken/<int:case_id>/medewerkers/", sharing_views.case_members, name="case_members"),
    path("instellingen/bestuur/", sharing_views.board_settings, name="board_settings"),
    path("klachten/", complaint_views.complaint_list, name="complaint_list"),
    path("klachten/<int:complaint_id>/", complaint_views.complaint_detail, name="complaint_detail"),
    path("bewijs/<int:evidence_id>/", views.evidence_download, name="evidence_download"),
    path("leerlingen/<int:student_id>/zaken/", views.student_cases, name="student_cases"),
    path("termijnen/", followup_views.followup_dashboard, name="followup_dashboard"),
    path("mijn-termijnen/", followup_views.my_followups, name="my_followups"),
    path("termijnen/<int:followup_id>/afronden/", followup_views.followup_done, name="followup_done"),
    path("termijnen/beleid/", followup_views.followup_policy_page, name="followup_policy"),
    path("agenda/", ical_views.calendar_feed_page, name="calendar_feed_page"),
    re_path(rf"^agenda/(?P<token>{TOKEN_PATTERN})\.ics$", ical_views.calendar_feed, name="calendar_feed"),
    path("overdracht/", handover_views.handover_index, name="handover"),
    path("overdracht/klas/<int:class_id>/", handover_views.handover_class, name="handover_class"),
    path("", include("incidents.letters.urls")),
]
