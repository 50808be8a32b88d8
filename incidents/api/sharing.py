"""API: staff added to a case (``/cases/{id}/members/``), the board's settings (``/board-settings/``)
and the criminal-offence flag of a case (``/cases/{id}/criminal-offence/``).

Same rules as the pages: incidents.access.can_share_case for who adds and removes, the
services for the writes (audit, notification). Another organisation's case id gives 404.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers as drf
from rest_framework import status
from rest_framework.response import Response

from .. import access, services
from ..models import BoardSettings, Case
from ..services.sharing import (
    ONLY_SHARERS,
    board_settings_of,
    can_view_board_settings,
    shareable_staff,
)
from .base import DossierAPIView, pk_of
from .views import BAD_INPUT, FORBIDDEN, ID, NOT_FOUND


class MemberSerializer(drf.Serializer):
    id = drf.IntegerField(read_only=True)
    full_name = drf.CharField(read_only=True)


class MemberInputSerializer(drf.Serializer):
    member = drf.IntegerField(min_value=1, max_value=2**63 - 1, help_text=gettext_lazy("id van de medewerker"))


class BoardSettingsSerializer(drf.Serializer):
    board_coordinator_acts = drf.BooleanField(
        help_text=gettext_lazy("Mag de algemeen anti-pestcoördinator vastleggen en zaken verder zetten? Uit: adviserend.")
    )


def _case_for_sharing(request, pk) -> Case:
    case = access.get_case_for_user(request.user, pk_of(pk))
    if not access.can_share_case(request.user, case):
        raise PermissionDenied(ONLY_SHARERS)
    return case


def _member(case: Case, member_id: int):
    return shareable_staff(case).filter(pk=member_id).first() or access.shared_with(case).filter(pk=member_id).first()


class CaseMembersView(DossierAPIView):
    queryset = Case.objects.none()  # for the schema; reads go through incidents.access
    serializer_class = MemberSerializer

    @extend_schema(parameters=[ID], responses={200: MemberSerializer(many=True), 403: FORBIDDEN, 404: NOT_FOUND},
                   summary=gettext_lazy("De medewerkers die aan een zaak zijn toegevoegd"))
    def get(self, request, pk):
        case = _case_for_sharing(request, pk)
        return Response(MemberSerializer(access.shared_with(case), many=True).data)

    @extend_schema(parameters=[ID], request=MemberInputSerializer,
                   responses={201: MemberSerializer(many=True), 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
                   summary=gettext_lazy("Een medewerker van de vestiging aan de zaak toevoegen"))
    def post(self, request, pk):
        case = _case_for_sharing(request, pk)
        data = MemberInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.case_share(case=case, member=_member(case, data.validated_data["member"]), acting_user=request.user,
                            audit=self.audit_context())
        return Response(MemberSerializer(access.shared_with(case), many=True).data, status=status.HTTP_201_CREATED)


class CaseMemberRemoveView(DossierAPIView):
    queryset = Case.objects.none()
    serializer_class = MemberSerializer

    @extend_schema(parameters=[ID], request=MemberInputSerializer,
                   responses={200: MemberSerializer(many=True), 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
                   summary=gettext_lazy("Een toegevoegde medewerker weer van de zaak halen"))
    def post(self, request, pk):
        case = _case_for_sharing(request, pk)
        data = MemberInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.case_unshare(case=case, member=_member(case, data.validated_data["member"]), acting_user=request.user,
                              audit=self.audit_context())
        return Response(MemberSerializer(access.shared_with(case), many=True).data)


class BoardSettingsView(DossierAPIView):
    queryset = BoardSettings.objects.none()
    serializer_class = BoardSettingsSerializer

    @extend_schema(responses={200: BoardSettingsSerializer, 404: NOT_FOUND},
                   summary=gettext_lazy("De instellingen van het bestuur"))
    def get(self, request):
        if not can_view_board_settings(request.user):
            raise Http404
        return Response(BoardSettingsSerializer(board_settings_of(request.user.organisation_id)).data)

    @extend_schema(request=BoardSettingsSerializer,
                   responses={200: BoardSettingsSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
                   summary=gettext_lazy("De instellingen van het bestuur wijzigen (algemene directie)"))
    def put(self, request):
        if not can_view_board_settings(request.user):
            raise Http404
        data = BoardSettingsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.board_settings_update(acting_user=request.user, audit=self.audit_context(), **data.validated_data)
        return Response(BoardSettingsSerializer(row).data)



class CriminalOffenceSerializer(drf.Serializer):
    criminal_offence = drf.BooleanField(
        help_text=gettext_lazy("Gaat het (ook) om strafbare feiten? Dan sluit de zaak alleen met het verslag aan de "
                               "politie, of met de reden waarom de politie niet is ingelicht.")
    )


class CaseCriminalOffenceView(DossierAPIView):
    """Confirm or withdraw the criminal-offence flag later in a case (same rule as the page)."""

    queryset = Case.objects.none()
    serializer_class = CriminalOffenceSerializer

    @extend_schema(parameters=[ID], request=CriminalOffenceSerializer,
                   responses={200: CriminalOffenceSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
                   summary=gettext_lazy("Vastleggen of een zaak over strafbare feiten gaat"))
    def post(self, request, pk):
        case = access.get_case_for_user(request.user, pk_of(pk))
        data = CriminalOffenceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.case_criminal_offence_set(case=case, acting_user=request.user,
                                           criminal_offence=data.validated_data["criminal_offence"],
                                           audit=self.audit_context())
        return Response(CriminalOffenceSerializer({"criminal_offence": case.criminal_offence}).data)
