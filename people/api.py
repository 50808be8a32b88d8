"""REST API for people: /api/v1/… Thin views over the access module and services."""
from __future__ import annotations

from django.contrib.auth import authenticate, get_user_model
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from . import access, services
from .models import Organisation
from .selectors import student_read
from .serializers import (
    BranchSerializer,
    DepartmentSerializer,
    OrganisationSerializer,
    RoleAssignmentSerializer,
    RoleGrantSerializer,
    SchoolClassSerializer,
    StudentSerializer,
    TokenRequestSerializer,
    TokenResponseSerializer,
)


class TokenThrottle(AnonRateThrottle):
    scope = "auth_token"


class TokenView(APIView):
    """Exchange e-mail and password for an API token (header ``Authorization: Token …``)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [TokenThrottle]

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenResponseSerializer})
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request=request._request, username=data.validated_data["email"].lower(), password=data.validated_data["password"]
        )
        if user is None:
            raise AuthenticationFailed(_("Dit e-mailadres en wachtwoord horen niet bij elkaar, of het account is tijdelijk geblokkeerd."))
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OrganisationSerializer

    def get_queryset(self):
        return Organisation.objects.filter(pk=self.request.user.organisation_id)


class BranchViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = BranchSerializer

    def get_queryset(self):
        return access.branches_for(self.request.user).order_by("name", "pk")

    def get_object(self):
        return access.get_branch_for_user(self.request.user, self.kwargs["pk"])


class DepartmentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DepartmentSerializer
    filterset_fields = ["branch"]

    def get_queryset(self):
        return access.departments_for(self.request.user).order_by("branch_id", "name", "pk")

    def get_object(self):
        return access.get_department_for_user(self.request.user, self.kwargs["pk"])


class SchoolClassViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SchoolClassSerializer
    filterset_fields = ["branch", "department", "school_year"]

    def get_queryset(self):
        return (
            access.classes_for(self.request.user)
            .select_related("school_year")
            .prefetch_related("mentors")
            .order_by("branch_id", "name", "pk")
        )

    def get_object(self):
        return access.get_class_for_user(self.request.user, self.kwargs["pk"])


class StudentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = StudentSerializer
    filterset_fields = ["branch", "external_id"]

    def get_queryset(self):
        return access.students_for(self.request.user).order_by("last_name", "first_name", "pk")

    def get_object(self):
        return student_read(user=self.request.user, student_id=self.kwargs["pk"], request=self.request._request)


class RoleAssignmentViewSet(mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """Staff roles. Board management grants any role, branch management its branch's roles."""

    serializer_class = RoleAssignmentSerializer
    filterset_fields = ["branch", "role", "user"]

    def get_queryset(self):
        return access.role_assignments_for(self.request.user).select_related("user").order_by("pk")

    def get_object(self):
        try:
            return self.get_queryset().get(pk=int(self.kwargs["pk"]))
        except (ValueError, self.get_queryset().model.DoesNotExist):
            raise Http404 from None

    @extend_schema(request=RoleGrantSerializer, responses={201: RoleAssignmentSerializer})
    def create(self, request, *args, **kwargs):
        data = RoleGrantSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        org = Organisation.objects.get(pk=request.user.organisation_id)
        user = (
            get_user_model().objects.filter(organisation=org, pk=data.validated_data["user"]).first()
        )
        if user is None:
            raise Http404
        branch_id = data.validated_data.get("branch")
        branch = access.get_branch_for_user(request.user, branch_id) if branch_id else None
        if not access.can_manage_roles(request.user, branch=branch):
            raise PermissionDenied(_("U mag deze rol niet toekennen."))
        assignment = services.role_grant(
            organisation=org, user=user, role=data.validated_data["role"], branch=branch, acting_user=request.user
        )
        return Response(RoleAssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.role_revoke(assignment=instance, acting_user=self.request.user)
