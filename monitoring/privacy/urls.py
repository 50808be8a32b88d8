from django.urls import path

from . import views

urlpatterns = [
    path("privacy/", views.privacy_index, name="privacy_index"),
    path("privacy/bewaarbeleid/", views.policy_save, name="privacy_policy"),
    path("privacy/inzage/", views.student_search, name="privacy_search"),
    path("privacy/inzage/<str:student_id>/", views.student_export_page, name="privacy_student"),
    path("privacy/inzage/<str:student_id>/export.<str:kind>", views.student_export, name="privacy_export"),
    path("privacy/verwerkingsregister/", views.processing_register_page, name="privacy_register"),
]
