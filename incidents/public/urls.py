"""URLs of the public reporting channel: /melden/… (public) and /meldingen-leerlingen/… (staff)."""
from django.urls import path

from . import views

app_name = "public_report"

urlpatterns = [
    path("melden/<slug:org_slug>/<slug:branch_slug>/", views.report_page, name="report"),
    path("melden/<slug:org_slug>/<slug:branch_slug>/vervolg/", views.follow_up, name="follow_up"),
    path("meldingen-leerlingen/", views.staff_list, name="staff_list"),
    path("meldingen-leerlingen/<int:report_id>/", views.staff_detail, name="staff_detail"),
    path("meldingen-leerlingen/signaal/<int:signal_id>/", views.staff_for_signal, name="staff_for_signal"),
]
