from django.urls import include, path

from . import views, views_import, views_notifications, views_rollover

app_name = "people"

urlpatterns = [
    path("vestigingen/", views.branch_list, name="branch_list"),
    path("vestigingen/<int:branch_id>/", views.branch_detail, name="branch_detail"),
    path("klassen/", views.class_list, name="class_list"),
    path("klassen/<int:class_id>/", views.class_detail, name="class_detail"),
    path("leerlingen/", views.student_list, name="student_list"),
    path("leerlingen/<int:student_id>/", views.student_detail, name="student_detail"),
    path("berichten/", views_notifications.notification_list, name="notifications"),
    path("berichten/gelezen/", views_notifications.notifications_mark_read, name="notifications_mark_read"),
    path("berichten/<int:notification_id>/openen/", views_notifications.notification_open, name="notification_open"),
    path("", include("people.documents.urls")),
    path("importeren/", views_import.import_start, name="import_start"),
    path("importeren/voorvertoning/", views_import.import_preview, name="import_preview"),
    path("importeren/uitvoeren/", views_import.import_apply, name="import_apply"),
    path("nieuw-schooljaar/", views_rollover.rollover_start, name="rollover_start"),
    path("nieuw-schooljaar/indeling/", views_rollover.rollover_plan, name="rollover_plan"),
    path("nieuw-schooljaar/doorvoeren/", views_rollover.rollover_apply, name="rollover_apply"),
]
