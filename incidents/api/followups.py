"""REST API of follow-ups and notifications, /api/v1/followups/ and /api/v1/notifications/.

Thin views over incidents.followup_selectors, incidents.followups and people.notifications.
Another organisation's ids and follow-ups the user may not see give 404; a scope the role
does not allow gives 403; marking a follow-up done twice gives 409 with the clear message
of the service, and changes nothing.
"""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers as drf
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from people import notifications
from people.models import Notification

from .. import followup_selectors as fs
from ..deadlines import deadline_badge
from ..followups import followup_complete
from ..models import FollowUp
from .base import DossierAPIView, pk_of
from .serializers import BAD_CHOICE, NOT_A_NUMBER, TOO_LONG, ProblemSerializer, _messages

NOT_FOUND = OpenApiResponse(ProblemSerializer, description=gettext_lazy("Niet gevonden, of u mag het niet zien."))
FORBIDDEN = OpenApiResponse(ProblemSerializer, description=gettext_lazy("U mag dit niet."))
CONFLICT = OpenApiResponse(ProblemSerializer, description=gettext_lazy("Deze termijn is al afgerond of vervallen."))


def _id_field(**kwargs):
    return drf.IntegerField(
        min_value=1, max_value=10**17,
        error_messages=_messages(invalid=NOT_A_NUMBER, min_value=NOT_A_NUMBER, max_value=NOT_A_NUMBER,
                                 max_string_length=NOT_A_NUMBER),
        **kwargs,
    )


# --- serializers ------------------------------------------------------------------------------
class FollowUpFilterSerializer(drf.Serializer):
    scope = drf.ChoiceField(choices=fs.SCOPES, required=False, error_messages=_messages(invalid_choice=BAD_CHOICE),
                            help_text=gettext_lazy("mine: de uwe; branch: van uw vestiging(en); all: de hele organisatie (bestuur)"))
    status = drf.ChoiceField(choices=fs.STATUS_FILTERS, required=False, default="active",
                             error_messages=_messages(invalid_choice=BAD_CHOICE))
    branch = _id_field(required=False)
    owner = _id_field(required=False)
    kind = drf.CharField(required=False, max_length=60, error_messages=_messages(max_length=TOO_LONG))


class FollowUpSerializer(drf.Serializer):
    """A follow-up row (followup_selectors.FollowUpRow) with stable field names."""

    id = drf.IntegerField(source="followup.pk")
    kind = drf.CharField(source="followup.deadline_key")
    label = drf.CharField()
    status = drf.SerializerMethodField()
    state_label = drf.SerializerMethodField(help_text=gettext_lazy("de stand in woorden, zoals op elke pagina"))
    is_overdue = drf.BooleanField()
    days_overdue = drf.IntegerField(help_text=gettext_lazy("schooldagen te laat"))
    days_left = drf.IntegerField(help_text=gettext_lazy("schooldagen tot en met de uiterste datum"))
    starts_on = drf.DateField(source="followup.starts_on")
    due_on = drf.DateField(source="followup.due_on")
    explanation = drf.CharField()
    step = drf.CharField(source="followup.step")
    step_label = drf.CharField(source="step")
    case = drf.SerializerMethodField()
    owner = drf.SerializerMethodField()
    owner_role = drf.CharField(source="followup.owner_role")
    completed_at = drf.DateTimeField(source="followup.completed_at")
    completion_note = drf.CharField(source="followup.completion_note")
    can_complete = drf.BooleanField()

    def get_status(self, row) -> str:
        return FollowUp.Status.OVERDUE.value if row.is_overdue else row.followup.status

    def get_state_label(self, row) -> str:
        return deadline_badge(row)

    def get_case(self, row) -> dict:
        case = row.followup.case
        return {"id": case.pk, "reference": case.reference, "branch": case.branch_id,
                "url": reverse("api-case-detail", args=[case.pk])}

    def get_owner(self, row) -> dict | None:
        owner = row.followup.owner
        return {"id": owner.pk, "name": str(owner)} if owner else None


class CompleteSerializer(drf.Serializer):
    note = drf.CharField(required=False, allow_blank=True, max_length=1000, default="",
                         error_messages=_messages(max_length=TOO_LONG))


class NotificationSerializer(drf.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "url", "created_at", "read_at"]


class NotificationFilterSerializer(drf.Serializer):
    unread = drf.BooleanField(required=False, default=False)


class MarkReadSerializer(drf.Serializer):
    ids = drf.ListField(child=_id_field(), required=False, max_length=500,
                        help_text=gettext_lazy("de nummers van de berichten; weglaten met all=true"))
    all = drf.BooleanField(required=False, default=False)

    def validate(self, attrs):
        if not attrs.get("all") and not attrs.get("ids"):
            raise drf.ValidationError({"ids": [_("Geef de nummers van de berichten, of all=true.")]})
        return attrs


class MarkReadResultSerializer(drf.Serializer):
    marked_read = drf.IntegerField()
    unread = drf.IntegerField()


# --- follow-ups ----------------------------------------------------------------------------------
class FollowUpListView(DossierAPIView):
    queryset = FollowUp.objects.none()  # for the schema; reads go through followup_selectors
    serializer_class = FollowUpSerializer

    @extend_schema(parameters=[FollowUpFilterSerializer], responses={200: FollowUpSerializer(many=True), 403: FORBIDDEN},
                   summary=gettext_lazy("Termijnen: de uwe, van uw vestiging of van de organisatie; te laat eerst"))
    def get(self, request):
        wanted = FollowUpFilterSerializer(data=request.query_params)
        wanted.is_valid(raise_exception=True)
        data = wanted.validated_data
        user = request.user
        scope_name = data.get("scope") or fs.default_scope(user)
        if scope_name not in fs.allowed_scopes(user):
            raise PermissionDenied(_("Deze termijnen mag u niet zien; kies scope=%(scopes)s.") % {
                "scopes": " of ".join(fs.allowed_scopes(user))})
        filters = fs.FollowUpFilters(branch=data.get("branch"), owner=data.get("owner"), status=data["status"],
                                     kind=data.get("kind", ""))
        page = self.paginate_queryset(fs.followup_list(user, filters, scope_name=scope_name))
        return self.get_paginated_response(FollowUpSerializer(fs.followup_rows(user, page), many=True).data)


class FollowUpDetailView(DossierAPIView):
    queryset = FollowUp.objects.none()
    serializer_class = FollowUpSerializer

    @extend_schema(responses={200: FollowUpSerializer, 404: NOT_FOUND}, summary=gettext_lazy("Eén termijn"))
    def get(self, request, pk):
        followup = fs.get_followup_for_user(request.user, pk_of(pk))
        (row,) = fs.followup_rows(request.user, [followup], warnings=True)
        return Response(FollowUpSerializer(row).data)


class FollowUpCompleteView(DossierAPIView):
    queryset = FollowUp.objects.none()
    serializer_class = CompleteSerializer

    @extend_schema(request=CompleteSerializer, responses={200: FollowUpSerializer, 403: FORBIDDEN, 404: NOT_FOUND,
                                                          409: CONFLICT},
                   summary=gettext_lazy("Een termijn afronden (de eigenaar of de anti-pestcoördinator)"))
    def post(self, request, pk):
        followup = fs.get_followup_for_user(request.user, pk_of(pk))
        body = CompleteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            followup = followup_complete(followup=followup, acting_user=request.user, note=body.validated_data["note"],
                                         audit=self.audit_context())
        except ValidationError as error:
            return Response({"detail": " ".join(error.messages)}, status=status.HTTP_409_CONFLICT)
        (row,) = fs.followup_rows(request.user, [followup])
        return Response(FollowUpSerializer(row).data)


# --- notifications -------------------------------------------------------------------------------
class NotificationListView(DossierAPIView):
    queryset = Notification.objects.none()
    serializer_class = NotificationSerializer

    @extend_schema(parameters=[NotificationFilterSerializer], responses={200: NotificationSerializer(many=True)},
                   summary=gettext_lazy("Uw berichten, nieuwste eerst"))
    def get(self, request):
        wanted = NotificationFilterSerializer(data=request.query_params)
        wanted.is_valid(raise_exception=True)
        qs = notifications.inbox(request.user).order_by("-created_at", "-id")
        if wanted.validated_data["unread"]:
            qs = qs.filter(read_at=None)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(NotificationSerializer(page, many=True).data)


class NotificationMarkReadView(DossierAPIView):
    queryset = Notification.objects.none()
    serializer_class = MarkReadSerializer

    @extend_schema(request=MarkReadSerializer, responses={200: MarkReadResultSerializer},
                   summary=gettext_lazy("Berichten als gelezen markeren (alleen de uwe)"))
    def post(self, request):
        body = MarkReadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ids = None if body.validated_data["all"] else body.validated_data["ids"]
        changed = notifications.mark_read(request.user, ids)
        return Response({"marked_read": changed, "unread": notifications.unread_count(request.user)})
