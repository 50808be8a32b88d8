from django.urls import path

from . import views

app_name = "protocol"

urlpatterns = [
    path("schoolkalender/", views.calendar_page, name="calendar"),
    path("schoolkalender/vestiging/<int:branch_id>/", views.calendar_page, name="branch_calendar"),
    path("schoolkalender/instellingen/", views.calendar_settings, name="calendar_settings"),
    path("schoolkalender/vestiging/<int:branch_id>/regio/", views.branch_region, name="branch_region"),
    path("schoolkalender/vestiging/<int:branch_id>/instellingen/", views.calendar_settings, name="branch_calendar_settings"),
    path("schoolkalender/<int:calendar_id>/nieuw/", views.period_add, name="calendar_period_add"),
    path("schoolkalender/<int:calendar_id>/periode/<int:period_id>/", views.period_edit, name="calendar_period_edit"),
    path("schoolkalender/<int:calendar_id>/periode/<int:period_id>/verwijderen/", views.period_delete, name="calendar_period_delete"),
    path("schoolkalender/<int:calendar_id>/verwijderen/", views.calendar_delete, name="calendar_delete"),
]
