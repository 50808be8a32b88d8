from django.urls import path

from . import views

urlpatterns = [
    path("documenten/<str:document_id>/", views.document_job, name="document_job"),
    path("documenten/<str:document_id>/download/", views.document_job_download, name="document_job_download"),
    path("documenten/<str:document_id>/opnieuw/", views.document_job_retry, name="document_job_retry"),
]
