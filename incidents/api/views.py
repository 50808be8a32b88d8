"""REST API of the case dossier, /api/v1/…: thin views over incidents.access, selectors and services.

Every id in a URL goes through incidents.access, so another organisation's ids and what a
user may not see give 404. Ids in a request body that point nowhere give 400 under the
field's name. Protocol refusals and simultaneous step changes give 409 (see base.py).
"""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import serializers as drf
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from people import access as people_access

from .. import access, selectors, services
from ..models import Case, ConfidentialNote, Evidence, Participant, Signal, TimelineEntry
from ..services import SignalStudentInput
from ..views.evidence import evidence_response
from . import serializers as s
from .base import DossierAPIView, pk_of

NOT_FOUND = OpenApiResponse(s.ProblemSerializer, description=gettext_lazy("Niet gevonden, of u mag het niet zien."))
FORBIDDEN = OpenApiResponse(s.ProblemSerializer, description=gettext_lazy("U mag dit niet."))
BAD_INPUT = OpenApiResponse(OpenApiTypes.OBJECT, description=gettext_lazy("Onjuiste invoer: per veld wat er mis is."))
REFUSED = OpenApiResponse(s.ProtocolRefusalSerializer, description=gettext_lazy("Het protocol staat dit nog niet toe."))


ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=gettext_lazy("het nummer (id)"))
ENTRY_ID = OpenApiParameter("entry_id", int, OpenApiParameter.PATH, description=gettext_lazy("het nummer van de tijdlijnregel"))


def _field_error(field: str, message: str):
    return drf.ValidationError({field: [message]})


def _staff_member(user, staff_id, field: str):
    """A member of staff of the user's own organisation, named in a request body."""
    if staff_id is None:
        return None
    member = get_user_model().objects.filter(organisation_id=user.organisation_id, pk=staff_id, is_active=True).first()
    if member is None:
        raise _field_error(field, _("Deze medewerker is niet gevonden."))
    return member


# --------------------------------------------------------------------------- signals


class SignalListView(DossierAPIView):
    queryset = Signal.objects.none()  # for the schema; reads go through incidents.access
    serializer_class = s.SignalSerializer

    @extend_schema(parameters=[s.SignalFilterSerializer], responses={200: s.SignalSerializer(many=True), 400: BAD_INPUT},
                   summary=gettext_lazy("Signalen en meldingen die u mag zien"))
    def get(self, request):
        filters = s.SignalFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        wanted = filters.validated_data
        signals = selectors.signal_list(
            request.user, status="" if wanted["status"] == "all" else wanted["status"], branch=wanted.get("branch")
        ).order_by("-reported_at", "-id")
        page = self.paginate_queryset(signals)
        return self.get_paginated_response(s.SignalSerializer(page, many=True).data)

    @extend_schema(request=s.SignalCreateSerializer, responses={201: s.SignalSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
                   summary=gettext_lazy("Een signaal melden (iedere medewerker van de vestiging)"))
    def post(self, request):
        data = s.SignalCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        branch = people_access.branches_for(request.user).filter(pk=d["branch"]).first()
        if branch is None:
            raise _field_error("branch", _("Deze vestiging is niet gevonden."))
        signal = services.signal_create(
            organisation=request.user.organisation_id,
            branch=branch,
            reported_by=request.user,
            description=d["description"],
            students=[
                SignalStudentInput(role=item["role"], student_id=item.get("student"), description=item.get("description", ""))
                for item in d["students"]
            ],
            forms=d["forms"],
            discrimination_ground=d["discrimination_ground"],
            occurred_on=d.get("occurred_on"),
            place=d["place"],
            audit=self.audit_context(),
        )
        return Response(s.SignalSerializer(signal).data, status=status.HTTP_201_CREATED,
                        headers={"Location": reverse("api-signal-detail", kwargs={"pk": signal.pk})})


class SignalDetailView(DossierAPIView):
    queryset = Signal.objects.none()  # for the schema; reads go through incidents.access
    serializer_class = s.SignalSerializer

    @extend_schema(parameters=[ID], responses={200: s.SignalSerializer, 404: NOT_FOUND}, summary=gettext_lazy("Eén signaal"))
    def get(self, request, pk):
        signal = access.get_signal_for_user(request.user, pk_of(pk))
        return Response(s.SignalSerializer(signal).data)


class SignalOpenCaseView(DossierAPIView):
    queryset = Signal.objects.none()  # for the schema; reads go through incidents.access
    serializer_class = s.CaseDetailSerializer

    @extend_schema(parameters=[ID], request=s.CaseOpenSerializer,
                   responses={201: s.CaseDetailSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
                   summary=gettext_lazy("Een zaak openen vanuit een nieuw signaal (coördinator of directie)"))
    def post(self, request, pk):
        signal = access.get_signal_for_user(request.user, pk_of(pk))
        data = s.CaseOpenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        case = services.case_open(
            signal=signal, acting_user=request.user, title=d["title"],
            mentor=_staff_member(request.user, d.get("mentor"), "mentor"),
            coordinator=_staff_member(request.user, d.get("coordinator"), "coordinator"),
            criminal_offence=d["criminal_offence"], second_case_reason=d["second_case_reason"],
            audit=self.audit_context(),
        )
        view = selectors.case_view(access.get_case_for_user(request.user, case.pk), request.user, audit=self.audit_context())
        return Response(s.CaseDetailSerializer(view).data, status=status.HTTP_201_CREATED,
                        headers={"Location": reverse("api-case-detail", kwargs={"pk": case.pk})})


class SignalLinkView(DossierAPIView):
    queryset = Signal.objects.none()  # for the schema; reads go through incidents.access
    serializer_class = s.SignalSerializer

    @extend_schema(parameters=[ID], request=s.SignalLinkSerializer,
                   responses={200: s.SignalSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
                   summary=gettext_lazy("Een nieuw signaal aan een bestaande zaak koppelen"))
    def post(self, request, pk):
        signal = access.get_signal_for_user(request.user, pk_of(pk))
        data = s.SignalLinkSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            case = access.get_case_for_user(request.user, data.validated_data["case"])
        except Http404:
            raise _field_error("case", _("Deze zaak is niet gevonden.")) from None
        signal = services.signal_link(signal=signal, case=case, acting_user=request.user, audit=self.audit_context())
        return Response(s.SignalSerializer(signal).data)


class SignalDismissView(DossierAPIView):
    queryset = Signal.objects.none()  # for the schema; reads go through incidents.access
    serializer_class = s.SignalSerializer

    @extend_schema(parameters=[ID], request=s.SignalDismissSerializer,
                   responses={200: s.SignalSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
                   summary=gettext_lazy("Een signaal zonder zaak afhandelen, met de reden"))
    def post(self, request, pk):
        signal = access.get_signal_for_user(request.user, pk_of(pk))
        data = s.SignalDismissSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        signal = services.signal_dismiss(
            signal=signal, acting_user=request.user, reason=data.validated_data["reason"], audit=self.audit_context()
        )
        return Response(s.SignalSerializer(signal).data)


# --------------------------------------------------------------------------- cases


class CaseListView(DossierAPIView):
    queryset = Case.objects.none()  # for the schema; reads go through incidents.access
    serializer_class = s.CaseListSerializer

    @extend_schema(parameters=[s.CaseFilterSerializer], responses={200: s.CaseListSerializer(many=True), 400: BAD_INPUT},
                   summary=gettext_lazy("Zaken die u mag zien, gefilterd"))
    def get(self, request):
        filters = s.CaseFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        cases = selectors.case_list(request.user, selectors.CaseFilters(**filters.validated_data))
        page = self.paginate_queryset(cases)
        return self.get_paginated_response(s.CaseListSerializer(page, many=True).data)


class CaseDetailView(DossierAPIView):
    queryset = Case.objects.none()  # for the schema; reads go through incidents.access
    serializer_class = s.CaseDetailSerializer

    @extend_schema(parameters=[ID], responses={200: s.CaseDetailSerializer, 404: NOT_FOUND},
                   summary=gettext_lazy("Eén zaak: betrokkenen, stap, lopende termijnen en wat er nodig is voor de volgende stap"))
    def get(self, request, pk):
        case = access.get_case_for_user(request.user, pk_of(pk))
        view = selectors.case_view(case, request.user, audit=self.audit_context())
        return Response(s.CaseDetailSerializer(view).data)


class CaseTransitionView(DossierAPIView):
    queryset = Case.objects.none()  # for the schema; reads go through incidents.access
    serializer_class = s.CaseDetailSerializer

    @extend_schema(
        parameters=[ID],
        request=s.TransitionSerializer,
        responses={
            200: s.CaseDetailSerializer,
            400: BAD_INPUT,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: OpenApiResponse(
                PolymorphicProxySerializer(
                    component_name="TransitionRefused",
                    serializers=[s.ProtocolRefusalSerializer, s.TransitionConflictSerializer],
                    resource_type_field_name=None,
                ),
                description=gettext_lazy(
                    "Het protocol staat de stap nog niet toe (detail + unmet: wat er ontbreekt), of iemand anders "
                    "heeft de zaak zojuist naar een andere stap gezet (detail + current_step). Er is niets gewijzigd."
                ),
            ),
        },
        summary=gettext_lazy("De zaak naar een volgende stap zetten"),
    )
    def post(self, request, pk):
        self.case = case = access.get_case_for_user(request.user, pk_of(pk))
        data = s.TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        case = services.case_transition(
            case=case, acting_user=request.user, transition_key=d["transition"], expected_step=d["expected_step"],
            params={"reason": d["reason"]} if d.get("reason", "").strip() else None, audit=self.audit_context(),
        )
        view = selectors.case_view(access.get_case_for_user(request.user, case.pk), request.user, audit=self.audit_context())
        return Response(s.CaseDetailSerializer(view).data)


# --------------------------------------------------------------------------- timeline


class CaseEntriesView(DossierAPIView):
    queryset = TimelineEntry.objects.none()  # for the schema; reads go through incidents.access
    serializer_class = s.EntrySerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(parameters=[ID], responses={200: s.EntrySerializer(many=True), 404: NOT_FOUND},
                   summary=gettext_lazy("De tijdlijn van een zaak (correcties en stapwijzigingen inbegrepen)"))
    def get(self, request, pk):
        case = access.get_case_for_user(request.user, pk_of(pk))
        view = selectors.case_view(case, request.user, audit=self.audit_context())
        return Response(s.EntrySerializer(view.entries, many=True).data)

    @extend_schema(
        parameters=[ID],
        request={"application/json": s.EntryCreateSerializer, "multipart/form-data": s.EntryCreateSerializer},
        responses={201: s.EntrySerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND, 409: REFUSED},
        summary=gettext_lazy("Iets vastleggen in de tijdlijn, eventueel met bewijsstukken (multipart)"),
    )
    def post(self, request, pk):
        self.case = case = access.get_case_for_user(request.user, pk_of(pk))
        data = s.EntryCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        entry = services.entry_record(
            case=case, acting_user=request.user, kind=d["kind"], attrs=d["attrs"], text=d["text"],
            occurred_at=d.get("occurred_at"), files=d["files"], audit=self.audit_context(),
        )
        return Response(s.EntrySerializer(entry).data, status=status.HTTP_201_CREATED)


class EntryCorrectView(DossierAPIView):
    queryset = TimelineEntry.objects.none()  # for the schema; reads go through incidents.access
    serializer_class = s.EntrySerializer

    @extend_schema(parameters=[ID, ENTRY_ID], request=s.EntryCorrectSerializer,
                   responses={201: s.EntrySerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
                   summary=gettext_lazy("Een regel corrigeren: de correctie vervangt hem, beide blijven zichtbaar"))
    def post(self, request, pk, entry_id):
        case = access.get_case_for_user(request.user, pk_of(pk))
        entry = case.entries.filter(pk=pk_of(entry_id)).first()
        if entry is None:
            raise Http404
        data = s.EntryCorrectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        correction = services.entry_correct(
            entry=entry, acting_user=request.user, text=data.validated_data["text"],
            attrs=data.validated_data["attrs"], audit=self.audit_context(),
        )
        return Response(s.EntrySerializer(correction).data, status=status.HTTP_201_CREATED)


class EvidenceDownloadView(DossierAPIView):
    queryset = Evidence.objects.none()  # for the schema; reads go through incidents.access
    serializer_class = s.EvidenceSerializer

    @extend_schema(parameters=[ID], responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 404: NOT_FOUND},
                   summary=gettext_lazy("Een bewijsstuk downloaden (de download wordt vastgelegd)"))
    def get(self, request, pk):
        # The same selector and response as the page: audited as an export on both.
        evidence, handle = selectors.evidence_open(user=request.user, evidence_id=pk_of(pk), audit=self.audit_context())
        return evidence_response(evidence, handle)


# --------------------------------------------------------------------------- participants, notes


class CaseParticipantsView(DossierAPIView):
    queryset = Participant.objects.none()  # for the schema; reads go through incidents.access
    serializer_class = s.ParticipantSerializer

    @extend_schema(parameters=[ID], responses={200: s.ParticipantSerializer(many=True), 404: NOT_FOUND},
                   summary=gettext_lazy("De betrokken leerlingen van een zaak"))
    def get(self, request, pk):
        case = access.get_case_for_user(request.user, pk_of(pk))
        participants = case.participants.select_related("student").order_by("id")
        return Response(s.ParticipantSerializer(participants, many=True).data)

    @extend_schema(parameters=[ID], request=s.ParticipantCreateSerializer,
                   responses={201: s.ParticipantSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
                   summary=gettext_lazy("Een betrokken leerling toevoegen"))
    def post(self, request, pk):
        case = access.get_case_for_user(request.user, pk_of(pk))
        data = s.ParticipantCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        student = None
        if d.get("student"):
            student = selectors.participant_candidates(request.user, case).filter(pk=d["student"]).first()
            if student is None:
                raise _field_error("student", _("Deze leerling is niet gevonden. Kies een leerling uit de lijst."))
        participant = services.participant_add(
            case=case, acting_user=request.user, role=d["role"], student=student, description=d["description"],
            other_school=d["other_school"], audit=self.audit_context(),
        )
        return Response(s.ParticipantSerializer(participant).data, status=status.HTTP_201_CREATED)


class CaseConfidentialNotesView(DossierAPIView):
    """The confidential adviser's own notes. Anyone else gets an empty list and may not write."""

    queryset = ConfidentialNote.objects.none()  # for the schema; reads go through incidents.access
    serializer_class = s.ConfidentialNoteSerializer

    @extend_schema(parameters=[ID], responses={200: s.ConfidentialNoteSerializer(many=True), 404: NOT_FOUND},
                   summary=gettext_lazy("Uw eigen vertrouwelijke notities bij een zaak (alleen de vertrouwenspersoon)"))
    def get(self, request, pk):
        case = access.get_case_for_user(request.user, pk_of(pk))
        notes = access.confidential_notes_for(request.user, case).order_by("created_at", "id")
        return Response(s.ConfidentialNoteSerializer(notes, many=True).data)

    @extend_schema(parameters=[ID], request=s.ConfidentialNoteCreateSerializer,
                   responses={201: s.ConfidentialNoteSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
                   summary=gettext_lazy("Een vertrouwelijke notitie maken (alleen de vertrouwenspersoon)"))
    def post(self, request, pk):
        case = access.get_case_for_user(request.user, pk_of(pk))
        data = s.ConfidentialNoteCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        note = services.confidential_note_add(
            case=case, acting_user=request.user, text=data.validated_data["text"], audit=self.audit_context()
        )
        return Response(s.ConfidentialNoteSerializer(note).data, status=status.HTTP_201_CREATED)


__all__ = [
    "CaseConfidentialNotesView",
    "CaseDetailView",
    "CaseEntriesView",
    "CaseListView",
    "CaseParticipantsView",
    "CaseTransitionView",
    "EntryCorrectView",
    "EvidenceDownloadView",
    "SignalDetailView",
    "SignalDismissView",
    "SignalLinkView",
    "SignalListView",
    "SignalOpenCaseView",
]
