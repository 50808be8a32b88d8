from django.urls import include, path
from rest_framework.routers import DefaultRouter

from people import api as people_api

router = DefaultRouter()
router.register("organisations", people_api.OrganisationViewSet, basename="organisation")
router.register("branches", people_api.BranchViewSet, basename="branch")
router.register("departments", people_api.DepartmentViewSet, basename="department")
router.register("classes", people_api.SchoolClassViewSet, basename="schoolclass")
router.register("students", people_api.StudentViewSet, basename="student")
router.register("staff-roles", people_api.RoleAssignmentViewSet, basename="roleassignment")

urlpatterns = [
    path("auth/token/", people_api.TokenView.as_view(), name="api-token"),
    path("", include(router.urls)),
    # Each app keeps its own API routes (incidents/api_urls.py, monitoring/api_urls.py).
    path("", include("incidents.api_urls")),
    path("", include("monitoring.api_urls")),
]
