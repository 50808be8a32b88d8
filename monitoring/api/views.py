"""Thin API views over monitoring.access, monitoring.selectors (reads), monitoring.services and monitoring.submission.

Staff endpoints: rounds the user may manage (other organisations' ids give 404).
Anonymous endpoints take the code in the body, never in the URL, so it reaches no log line,
and only once: POST thermometer/sessions/ exchanges it for a session token, which drafts
and the submission use (the code row and the response are never written in one
transaction: monitoring.submission). A problem with the code or session answers 400 under
``code``/``session``, a used code 409; bad answers 400 per item. Nothing is stored unless
the whole submission is valid.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from people import tenancy
from people.api_auth import TenantSessionAuthentication, TenantTokenAuthentication
from people.audit import audit_context

from .. import access, selectors, services, slips
from ..codes import USED_CODE, CodeProblem, format_code
from ..models import SurveyRound
from ..submission import SESSION_GONE, draft_of, draft_save, response_submit, session_start
from ..views.student import TOO_MANY, code_entry_blocked, count_failed_code
from . import serializers as s

BAD_INPUT = OpenApiResponse(OpenApiTypes.OBJECT, description=gettext_lazy("Onjuiste invoer: per veld wat er mis is."))
NOT_FOUND = OpenApiResponse(s.SurveyProblemSerializer, description=gettext_lazy("Niet gevonden, of u mag het niet zien."))
USED = OpenApiResponse(s.SurveyProblemSerializer, description=gettext_lazy("Deze code is al gebruikt."))


class StaffView(APIView):
    """Staff endpoints: once DRF knows the user, their organisation is the tenant (RLS).
    Token first, so an anonymous request gets 401 (as the dossier API)."""

    authentication_classes = [TenantTokenAuthentication, TenantSessionAuthentication]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        org_id = getattr(request.user, "organisation_id", None) if request.user.is_authenticated else None
        if org_id is not None and getattr(request._request, "organisation_id", None) != org_id:
            tenancy.activate(org_id)
            request._request.organisation_id = org_id


def _require_manager(user) -> None:
    if not access.can_manage_any(user):
        raise PermissionDenied(_("Alleen de anti-pestcoördinator of de directie beheert peilingen."))


def _with_classes(user, survey: SurveyRound) -> SurveyRound:
    survey.visible_classes = selectors.round_classes(user, survey)
    return survey


class RoundListView(StaffView):
    @extend_schema(responses={200: s.RoundSerializer(many=True)}, summary=gettext_lazy("Peilingen die u beheert"))
    def get(self, request):
        _require_manager(request.user)
        return Response(s.RoundSerializer(selectors.round_list(request.user), many=True).data)

    @extend_schema(request=s.RoundCreateSerializer, responses={201: s.RoundDetailSerializer, 400: BAD_INPUT},
                   summary=gettext_lazy("Een peiling openen voor klassen van uw vestiging(en)"))
    def post(self, request):
        user = request.user
        _require_manager(user)
        data = s.RoundCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        survey = services.round_create(
            organisation=user.organisation_id, acting_user=user, name=v["name"], opens_at=v["opens_at"],
            closes_at=v["closes_at"], class_ids=v["classes"], min_group_size=v["min_group_size"],
            audit=audit_context(request),
        )
        return Response(s.RoundDetailSerializer(_with_classes(user, survey)).data, status=status.HTTP_201_CREATED)


class RoundDetailView(StaffView):
    @extend_schema(responses={200: s.RoundDetailSerializer, 404: NOT_FOUND}, summary=gettext_lazy("Eén peiling met haar klassen"))
    def get(self, request, pk):
        survey = access.get_round_for_user(request.user, pk, permission=access.MANAGE_ROUNDS)
        return Response(s.RoundDetailSerializer(_with_classes(request.user, survey)).data)


class IssueCodesView(StaffView):
    @extend_schema(request=s.IssueCodesSerializer, responses={201: s.IssuedCodesSerializer, 400: BAD_INPUT, 404: NOT_FOUND},
                   summary=gettext_lazy("Codes maken voor een klas (alleen in dit antwoord leesbaar)"))
    def post(self, request, pk, class_pk):
        survey = access.get_round_for_user(request.user, pk, permission=access.MANAGE_ROUNDS)
        round_class = access.get_round_class_for_user(request.user, survey, class_pk)
        data = s.IssueCodesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        issued = services.codes_issue(round_class=round_class, count=data.validated_data["count"],
                                      acting_user=request.user, audit=audit_context(request))
        body = {"codes": [format_code(c) for c in issued], "survey_url": slips.survey_url(slips.site_of(request)),
                "invited": round_class.invited}
        return Response(body, status=status.HTTP_201_CREATED, headers={"Cache-Control": "no-store"})


class RevokeCodeView(StaffView):
    @extend_schema(request=s.CodeSerializer, responses={204: None, 400: BAD_INPUT, 404: NOT_FOUND},
                   summary=gettext_lazy("Een ongebruikte code intrekken"))
    def post(self, request, pk):
        survey = access.get_round_for_user(request.user, pk, permission=access.MANAGE_ROUNDS)
        data = s.CodeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.code_revoke(code=data.validated_data["code"], acting_user=request.user,
                             survey_round=survey, audit=audit_context(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


# ------------------------------------------------------------------ anonymous (students)


class AnonymousView(APIView):
    """No log-in, no session, no CSRF cookie: the one-time code in the body is the key."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    def handle_exception(self, exc):
        if isinstance(exc, CodeProblem):
            if str(exc.message) == str(USED_CODE):
                return Response({"code": [str(exc.message)], "detail": str(exc.message)}, status=status.HTTP_409_CONFLICT)
            if str(exc.message) == str(SESSION_GONE):
                return Response({"session": [str(exc.message)]}, status=status.HTTP_400_BAD_REQUEST)
            count_failed_code(self.request._request)
            return Response({"code": [str(exc.message)]}, status=status.HTTP_400_BAD_REQUEST)
        return super().handle_exception(exc)

    def check_blocked(self):
        if code_entry_blocked(self.request._request):
            return Response({"detail": str(TOO_MANY)}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        return None


class SessionView(AnonymousView):
    @extend_schema(request=s.CodeSerializer, responses={201: s.SessionOutSerializer, 400: BAD_INPUT, 409: USED},
                   summary=gettext_lazy("Beginnen met een code: geeft een sessietoken (de code zelf gaat niet verder mee)"))
    def post(self, request):
        blocked = self.check_blocked()
        if blocked:
            return blocked
        data = s.CodeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        token, session = session_start(raw_code=data.validated_data["code"])
        body = {"session": token, "class_name": session.code.round_class.class_name, "expires_at": session.expires_at}
        return Response(s.SessionOutSerializer(body).data, status=status.HTTP_201_CREATED,
                        headers={"Cache-Control": "no-store"})


class SubmissionView(AnonymousView):
    @extend_schema(request=s.SubmissionSerializer, responses={201: s.SurveyProblemSerializer, 400: BAD_INPUT, 409: USED},
                   summary=gettext_lazy("De vragenlijst versturen (één keer per code)"))
    def post(self, request):
        data = s.SubmissionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        response_submit(session_token=v["session"], answers=v["answers"], gender=v.get("gender"),
                        class_name=v.get("class_name"))
        return Response({"detail": _("Bedankt! Je antwoorden zijn verstuurd.")}, status=status.HTTP_201_CREATED)


class DraftView(AnonymousView):
    @extend_schema(request=s.DraftSerializer, responses={200: s.DraftOutSerializer, 400: BAD_INPUT},
                   summary=gettext_lazy("Antwoorden tussentijds bewaren"))
    def post(self, request):
        data = s.DraftSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        draft = draft_save(session_token=v["session"], answers=v["answers"], gender=v.get("gender"))
        return Response({"answers": draft.get("answers", {}), "gender": draft.get("gender", "")},
                        headers={"Cache-Control": "no-store"})


class DraftResumeView(AnonymousView):
    @extend_schema(request=s.SessionSerializer, responses={200: s.DraftOutSerializer, 400: BAD_INPUT},
                   summary=gettext_lazy("Verder gaan: de bewaarde antwoorden van een sessie"))
    def post(self, request):
        data = s.SessionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        _session, draft = draft_of(data.validated_data["session"])
        return Response({"answers": draft.get("answers", {}), "gender": draft.get("gender", "")},
                        headers={"Cache-Control": "no-store"})
