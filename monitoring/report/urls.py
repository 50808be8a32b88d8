from django.urls import path

from . import views

urlpatterns = [
    path("inspectierapport/", views.report_index, name="report_index"),
    path("inspectierapport/rapport/", views.report_export, name="report_export"),
    path("inspectierapport/opdrachten/<str:job_id>/", views.report_job, name="report_job"),
    path("inspectierapport/opdrachten/<str:job_id>/download/", views.report_job_download, name="report_job_download"),
    path("inspectierapport/preventie/<str:branch_id>/<str:year_id>/", views.register_edit, name="report_register"),
]
