"""REST API for people: /api/v1/… Thin views over the access module and services."""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from . import access, ratelimit, services
from .api_tokens import idle_limit, token_issue
from .audit import audit_context
from .client_ip import client_ip
from .forms import authenticate_by_email
from .ids import id_or_404
from .models import Department, Organisation, RoleAssignment, SchoolClass, Student
from .otp import services as otp_services
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
from .tenancy import tenant_context


class TenantAPIView(APIView):
    """Base of every people endpoint.

    The project's DRF authentication classes (people.api_auth: token first, then session)
    activate the authenticated user's organisation, so row-level security shows this
    tenant's rows; an anonymous request gets 401 with ``WWW-Authenticate: Token``.
    """


def _pk(value) -> int:
    """A URL id as a number, or 404 (never a 500 for ``abc`` or an absurdly long number)."""
    return id_or_404(str(value))


class IdFilter(filters.NumberFilter):
    """An id within the database's range: a number beyond it is a 400, not a 500."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class StudentFilter(filters.FilterSet):
    # Plain numbers, not model choices: a choice filter would validate ids against every
    # branch in the database and so tell apart "exists elsewhere" from "does not exist".
    branch = IdFilter(field_name="branch_id")

    class Meta:
        model = Student
        fields = ["branch", "external_id"]


class SchoolClassFilter(filters.FilterSet):
    branch = IdFilter(field_name="branch_id")
    department = IdFilter(field_name="department_id")
    school_year = IdFilter(field_name="school_year_id")

    class Meta:
        model = SchoolClass
        fields = ["branch", "department", "school_year"]


class DepartmentFilter(filters.FilterSet):
    branch = IdFilter(field_name="branch_id")

    class Meta:
        model = Department
        fields = ["branch"]


class RoleAssignmentFilter(filters.FilterSet):
    branch = IdFilter(field_name="branch_id")
    user = IdFilter(field_name="user_id")

    class Meta:
        model = RoleAssignment
        fields = ["branch", "role", "user"]


LOCKED_OUT = gettext_noop(
    "Er is te vaak een verkeerd wachtwoord ingevuld voor dit account: het is tijdelijk geblokkeerd. "
    "Probeer het over een half uur opnieuw."
)


class TokenThrottle(AnonRateThrottle):
    scope = "auth_token"

    def get_ident(self, request):
        # The one address rule (people.client_ip), not the whole X-Forwarded-For header.
        return client_ip(request._request if hasattr(request, "_request") else request)


class TokenView(APIView):
    """Exchange e-mail and password for an API token (header ``Authorization: Token …``)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [TokenThrottle]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: TokenResponseSerializer, 400: None, 401: None, 429: None},
        auth=[],
    )
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate_by_email(
            request._request, email=data.validated_data["email"].lower(), password=data.validated_data["password"]
        )
        if user is None and getattr(request._request, "axes_locked_out", False):
            # django-axes' middleware would answer with the HTML lock-out page; an API
            # client gets the same news as JSON (the failure is recorded all the same).
            request._request.axes_locked_out = False
            return Response({"detail": _(LOCKED_OUT)}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        if user is None and getattr(request._request, "login_address_limited", False):
            return Response({"detail": str(ratelimit.TOO_MANY_LOGINS)}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        if user is None:
            raise AuthenticationFailed(_("Dit e-mailadres en wachtwoord horen niet bij elkaar, of het account is tijdelijk geblokkeerd."))
        # Two factors for a token too: users who need them send the app's code (people.otp).
        try:
            two_factor = otp_services.api_token_check(
                audit=audit_context(request), user=user, code=data.validated_data.get("otp_code", "")
            )
        except otp_services.TokenRefused as refused:
            return Response({"detail": refused.message}, status=refused.status)
        # Shown once; stored as a hash, expiring, with the fingerprints (people.api_tokens).
        with tenant_context(user.organisation_id):
            key, token = token_issue(user=user, two_factor=two_factor)
        return Response({"token": key, "expires_at": token.expires_at, "idle_minutes": int(idle_limit().total_seconds() // 60)})

    def get_authenticate_header(self, request):
        # Without it DRF turns a failed log-in into 403; a wrong password is a 401.
        return 'Token realm="api"'


class OrganisationViewSet(TenantAPIView, viewsets.ReadOnlyModelViewSet):
    """The user's own organisation (a list of one)."""

    serializer_class = OrganisationSerializer
    queryset = Organisation.objects.none()  # for the schema only; see get_queryset

    def get_queryset(self):
        return Organisation.objects.filter(pk=self.request.user.organisation_id)


class BranchViewSet(TenantAPIView, viewsets.ReadOnlyModelViewSet):
    serializer_class = BranchSerializer

    def get_queryset(self):
        return access.branches_for(self.request.user).order_by("name", "pk")

    def get_object(self):
        return access.get_branch_for_user(self.request.user, _pk(self.kwargs["pk"]))


class DepartmentViewSet(TenantAPIView, viewsets.ReadOnlyModelViewSet):
    serializer_class = DepartmentSerializer
    filterset_class = DepartmentFilter

    def get_queryset(self):
        return access.departments_for(self.request.user).order_by("branch_id", "name", "pk")

    def get_object(self):
        return access.get_department_for_user(self.request.user, _pk(self.kwargs["pk"]))


class SchoolClassViewSet(TenantAPIView, viewsets.ReadOnlyModelViewSet):
    serializer_class = SchoolClassSerializer
    filterset_class = SchoolClassFilter

    def get_queryset(self):
        return (
            access.classes_for(self.request.user)
            .select_related("school_year")
            .prefetch_related("mentors")
            .order_by("branch_id", "name", "pk")
        )

    def get_object(self):
        return access.get_class_for_user(self.request.user, _pk(self.kwargs["pk"]))


class StudentViewSet(TenantAPIView, viewsets.ReadOnlyModelViewSet):
    serializer_class = StudentSerializer
    filterset_class = StudentFilter

    def get_queryset(self):
        return access.students_for(self.request.user).order_by("last_name", "first_name", "pk")

    def get_object(self):
        return student_read(user=self.request.user, student_id=_pk(self.kwargs["pk"]), audit=audit_context(self.request))


class RoleAssignmentViewSet(
    TenantAPIView, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Staff roles. Board management grants any role, branch management its branch's roles."""

    serializer_class = RoleAssignmentSerializer
    filterset_class = RoleAssignmentFilter

    def get_queryset(self):
        return access.role_assignments_for(self.request.user).select_related("user").order_by("pk")

    def get_object(self):
        return access.get_or_404(self.get_queryset(), self.kwargs["pk"])

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
