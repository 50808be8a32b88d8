"""The URLs of the students' anonymous survey API alone (config/lean.py routes its paths here).

The full URL configuration lists some 160 patterns before these; resolving a survey
request against this short list instead is a measurable part of a rush request. The
same views are in config.urls too (for reverse(), the wall tests and the API schema); only
resolving uses this list, so reverse() and the error pages (404, 500) use config.urls.
"""
from django.urls import include, path

from monitoring.api_urls import anonymous_urlpatterns

urlpatterns = [path("api/v1/", include(anonymous_urlpatterns))]
