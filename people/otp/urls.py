from django.urls import path

from . import views

app_name = "two_factor"

urlpatterns = [
    path("inloggen/code/", views.verify, name="verify"),
    path("tweestapsverificatie/", views.manage, name="manage"),
    path("tweestapsverificatie/instellen/", views.setup, name="setup"),
    path("tweestapsverificatie/herstelcodes/", views.recovery_codes, name="recovery_codes"),
    path("tweestapsverificatie/uitzetten/", views.disable, name="disable"),
]
