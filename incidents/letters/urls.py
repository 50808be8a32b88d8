"""URLs of the letter pages; included in the "incidents" namespace by incidents/urls.py."""
from django.urls import path

from . import views

urlpatterns = [
    path("zaken/<int:case_id>/brieven/nieuw/", views.letter_new, name="letter_new"),
    path("brieven/<int:letter_id>/", views.letter_edit, name="letter_edit"),
    path("brieven/<int:letter_id>/versturen/", views.letter_send, name="letter_send"),
    path("brieven/<int:letter_id>/pdf/", views.letter_pdf, name="letter_pdf"),
    path("briefsjablonen/", views.letter_templates, name="letter_templates"),
    path("briefsjablonen/<slug:kind>/", views.letter_template_edit, name="letter_template_edit"),
]
