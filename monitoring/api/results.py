"""The aggregates API: a round's published results per branch, and for the board.

Thin views over monitoring.results. The same access as the pages (coordinator, branch
management and head of department of the branch; board roles for everything; everyone
else and other organisations 404) and the same suppression: a hidden figure is ``null``
with ``suppressed: true``, never a number. ``k`` says which threshold applied.
"""
from __future__ import annotations

from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers as drf
from rest_framework.response import Response
from rest_framework.views import APIView

from people import tenancy
from people.api_auth import TenantSessionAuthentication, TenantTokenAuthentication

from .. import access, results

NOT_FOUND = OpenApiResponse(description=_("Niet gevonden, of u mag het niet zien."))


class FiguresSerializer(drf.Serializer):
    suppressed = drf.BooleanField()
    n = drf.IntegerField(allow_null=True, help_text=_("respondenten (antwoorden op de vraag)"))
    mean = drf.FloatField(allow_null=True, help_text=_("gemiddelde op de schaal 0–5"))
    share_high = drf.FloatField(allow_null=True, help_text=_("aandeel antwoorden van 3 of hoger (0–1)"))


class GroupSerializer(drf.Serializer):
    key = drf.CharField()
    label = drf.CharField()
    suppressed = drf.BooleanField()
    respondents = drf.IntegerField(allow_null=True)
    invited = drf.IntegerField(allow_null=True)
    response_rate = drf.FloatField(allow_null=True, source="rate")
    sections = drf.DictField(child=FiguresSerializer())


class SectionSerializer(drf.Serializer):
    key = drf.CharField()
    number = drf.IntegerField()
    lead = drf.CharField()
    direction = drf.CharField()


class SectionRowSerializer(drf.Serializer):
    section = drf.CharField(source="section.key")
    figures = FiguresSerializer()
    previous_round = FiguresSerializer(source="previous")
    organisation = FiguresSerializer()


class ItemRowSerializer(drf.Serializer):
    key = drf.CharField()
    section = drf.CharField(source="section.key")
    text = drf.CharField()
    figures = FiguresSerializer()
    previous_round = FiguresSerializer(source="previous")
    organisation = FiguresSerializer()


class StandoutSerializer(drf.Serializer):
    key = drf.CharField()
    label = drf.CharField()
    section = drf.CharField(source="section.key")
    against = drf.ChoiceField(choices=["previous", "organisation"])
    delta_mean = drf.FloatField()
    delta_share = drf.FloatField()
    worse = drf.BooleanField()


class RoundRefSerializer(drf.Serializer):
    id = drf.IntegerField()
    name = drf.CharField()
    opens_at = drf.DateTimeField()
    closes_at = drf.DateTimeField()
    k = drf.IntegerField(source="min_group_size")


class TrendSerializer(drf.Serializer):
    rounds = RoundRefSerializer(many=True)
    respondents = drf.ListField(child=drf.IntegerField(allow_null=True))
    means = drf.DictField(child=drf.ListField(child=drf.FloatField(allow_null=True)))


class BranchResultsSerializer(drf.Serializer):
    round = RoundRefSerializer(source="survey")
    branch = drf.SerializerMethodField()
    k = drf.IntegerField()
    sections = SectionSerializer(many=True)
    total = GroupSerializer()
    classes = GroupSerializer(many=True)
    departments = GroupSerializer(many=True)
    genders = GroupSerializer(many=True)
    section_rows = SectionRowSerializer(many=True)
    items = ItemRowSerializer(many=True)
    previous_round = RoundRefSerializer(allow_null=True)
    standouts = StandoutSerializer(many=True)
    trend = TrendSerializer()

    def get_branch(self, obj) -> dict:
        return {"id": obj.branch.pk, "name": obj.branch.name}


class BoardResultsSerializer(drf.Serializer):
    round = RoundRefSerializer(source="survey")
    k = drf.IntegerField()
    sections = SectionSerializer(many=True)
    branches = GroupSerializer(many=True)
    organisation = GroupSerializer()


def _lang() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


class ResultsView(APIView):
    """Token first (anonymous: 401); the user's organisation is the tenant (RLS)."""

    authentication_classes = [TenantTokenAuthentication, TenantSessionAuthentication]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        org_id = getattr(request.user, "organisation_id", None) if request.user.is_authenticated else None
        if org_id is not None and getattr(request._request, "organisation_id", None) != org_id:
            tenancy.activate(org_id)
            request._request.organisation_id = org_id


class BranchResultsView(ResultsView):
    @extend_schema(
        responses={200: BranchResultsSerializer, 404: NOT_FOUND},
        parameters=[OpenApiParameter("pk", int, OpenApiParameter.PATH), OpenApiParameter("branch_pk", int, OpenApiParameter.PATH)],
        summary=_("Uitkomsten van een peiling voor één vestiging (kleine groepen verborgen)"),
    )
    def get(self, request, pk, branch_pk):
        branch = access.get_dashboard_branch_for_user(request.user, branch_pk)
        survey = access.get_round_for_user(request.user, pk, permission=access.READ_DASHBOARDS, branch=branch)
        data = results.branch_results(survey=survey, branch=branch, lang=_lang())
        return Response(BranchResultsSerializer(data).data)


class BoardResultsView(ResultsView):
    @extend_schema(
        responses={200: BoardResultsSerializer, 404: NOT_FOUND},
        parameters=[OpenApiParameter("pk", int, OpenApiParameter.PATH)],
        summary=_("Alle vestigingen van een peiling naast elkaar (bestuursrollen)"),
    )
    def get(self, request, pk):
        if not access.can_see_board_view(request.user):
            raise Http404
        survey = access.get_round_for_user(request.user, pk, permission=access.READ_DASHBOARDS)
        return Response(BoardResultsSerializer(results.board_results(survey=survey, lang=_lang())).data)
