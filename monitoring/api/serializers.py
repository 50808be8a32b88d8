"""Input and output shapes of the thermometer API."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers as drf

from ..codes import MAX_CODES_PER_CLASS
from ..models import RoundClass, SurveyRound


class RoundClassSerializer(drf.ModelSerializer):
    branch = drf.IntegerField(source="branch_id", read_only=True)
    school_class = drf.IntegerField(source="school_class_id", read_only=True)

    class Meta:
        model = RoundClass
        fields = ["id", "class_name", "school_class", "branch", "invited"]


class RoundSerializer(drf.ModelSerializer):
    class Meta:
        model = SurveyRound
        fields = ["id", "name", "opens_at", "closes_at", "min_group_size", "instrument_key", "instrument_version"]


class RoundDetailSerializer(RoundSerializer):
    classes = RoundClassSerializer(many=True, read_only=True, source="visible_classes")

    class Meta(RoundSerializer.Meta):
        fields = [*RoundSerializer.Meta.fields, "classes"]


class RoundCreateSerializer(drf.Serializer):
    name = drf.CharField(max_length=120)
    opens_at = drf.DateTimeField()
    closes_at = drf.DateTimeField()
    classes = drf.ListField(child=drf.IntegerField(min_value=1, max_value=2**63 - 1), allow_empty=False,
                            help_text=_("ids van de klassen die meedoen"))
    min_group_size = drf.IntegerField(min_value=5, max_value=50, default=10)


class IssueCodesSerializer(drf.Serializer):
    count = drf.IntegerField(min_value=1, max_value=MAX_CODES_PER_CLASS)


class IssuedCodesSerializer(drf.Serializer):
    codes = drf.ListField(child=drf.CharField(), help_text=_("de codes (XXXX-XXXX-XXXX): alleen nu te zien"))
    survey_url = drf.CharField()
    invited = drf.IntegerField()


class CodeSerializer(drf.Serializer):
    code = drf.CharField(max_length=40, trim_whitespace=True)


class SessionSerializer(drf.Serializer):
    session = drf.CharField(max_length=200, trim_whitespace=True,
                            help_text=_("het token uit POST /thermometer/sessions/ (nooit de code zelf)"))


class SessionOutSerializer(drf.Serializer):
    session = drf.CharField()
    class_name = drf.CharField()
    expires_at = drf.DateTimeField()


class DraftSerializer(SessionSerializer):
    answers = drf.DictField(child=drf.JSONField(), required=False, default=dict,
                            help_text=_("per vraag (item key) een antwoord van 0 tot 5"))
    gender = drf.CharField(required=False, allow_blank=True, max_length=30)


class SubmissionSerializer(DraftSerializer):
    class_name = drf.CharField(required=False, max_length=40,
                               help_text=_("optioneel: de klas op het briefje; moet bij de code horen"))


class DraftOutSerializer(drf.Serializer):
    answers = drf.DictField(child=drf.IntegerField())
    gender = drf.CharField(allow_blank=True)


class SurveyProblemSerializer(drf.Serializer):
    detail = drf.CharField()
