"""Serializers of the dossier API: explicit input (Dutch messages) and stable output fields.

Input serializers only parse and check the shape of a request; the rules (who may, what the
protocol allows) stay in incidents.services. Output serializers render models and the
selectors' dataclasses with field names that do not change when the models do.
"""
from __future__ import annotations

import json

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from protocol import vocabulary as v
from protocol.selectors import definition_of

from ..evidence import MAX_FILES, check_uploads
from ..vocab import label, lang

REQUIRED = _("Dit veld is verplicht.")
NOT_NULL = _("Dit veld mag niet leeg zijn.")
BLANK = _("Dit veld mag niet leeg zijn.")
NOT_A_NUMBER = _("Vul een geldig nummer in.")
BAD_CHOICE = _("“{input}” is geen geldige keuze.")
BAD_DATE = _("Vul een geldige datum in (JJJJ-MM-DD).")
BAD_DATETIME = _("Vul een geldig tijdstip in (bijvoorbeeld 2026-10-05T14:30).")
TOO_LONG = _("Gebruik ten hoogste {max_length} tekens.")
NOT_A_LIST = _("Geef een lijst.")
NOT_A_BOOL = _("Kies ja of nee.")


def _messages(**extra) -> dict:
    return {"required": REQUIRED, "null": NOT_NULL, "blank": BLANK, **extra}


def _id(help_text, **kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1, max_value=10**17, help_text=help_text,
        error_messages=_messages(
            invalid=NOT_A_NUMBER, max_string_length=NOT_A_NUMBER, min_value=NOT_A_NUMBER, max_value=NOT_A_NUMBER
        ),
        **kwargs,
    )


def _text(help_text="", *, max_length=None, required=True, **kwargs) -> serializers.CharField:
    return serializers.CharField(
        help_text=help_text, max_length=max_length, required=required,
        allow_blank=not required, error_messages=_messages(max_length=TOO_LONG, invalid=_("Vul tekst in.")),
        **kwargs,
    )


def _choice(choices, help_text="", **kwargs) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=choices, help_text=help_text, error_messages=_messages(invalid_choice=BAD_CHOICE), **kwargs
    )


def _keys(vocab) -> list[str]:
    return [m.value for m in vocab]


#: Named in the schema as ParticipantRoleEnum (SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
PARTICIPANT_ROLES = _keys(v.ParticipantRole)


@extend_schema_field(OpenApiTypes.OBJECT)
class AttrsField(serializers.Field):
    """An entry's attributes: a JSON object, or (in a multipart upload) a JSON text."""

    # Doubled braces: DRF formats error messages with str.format.
    default_error_messages = {"invalid": _("Geef de gegevens als JSON-object, bijvoorbeeld {{\"with\": \"target\"}}.")}

    def to_internal_value(self, data):
        if isinstance(data, str):
            if not data.strip():
                return {}
            try:
                data = json.loads(data)
            except ValueError:
                self.fail("invalid")
        if not isinstance(data, dict):
            self.fail("invalid")
        return data

    def to_representation(self, value):
        return value


# --------------------------------------------------------------------------- input


class SignalStudentInputSerializer(serializers.Serializer):
    student = _id(_("id van de leerling; leeg als de leerling onbekend is of op een andere school zit"),
                  required=False, allow_null=True)
    description = _text(_("wie het is, als er geen leerling gekozen is (bijvoorbeeld ‘onbekend’)"),
                        max_length=200, required=False)
    role = _choice(_keys(v.ParticipantRole), _("de rol van de leerling"))

    def validate(self, attrs):
        if not attrs.get("student") and not (attrs.get("description") or "").strip():
            raise serializers.ValidationError(
                {"student": _("Kies een leerling of omschrijf wie het is (bijvoorbeeld ‘onbekend’).")}
            )
        return attrs


class SignalCreateSerializer(serializers.Serializer):
    branch = _id(_("id van de vestiging"))
    description = _text(_("wat er is gebeurd"), max_length=5000)
    students = SignalStudentInputSerializer(
        many=True, allow_empty=False,
        error_messages={
            "required": _("Kies ten minste één betrokken leerling (of omschrijf wie het is)."),
            "empty": _("Kies ten minste één betrokken leerling (of omschrijf wie het is)."),
            "not_a_list": NOT_A_LIST,
            "null": NOT_NULL,
        },
    )
    forms = serializers.ListField(
        child=_choice(_keys(v.BullyingForm)), required=False, default=list,
        error_messages={"not_a_list": NOT_A_LIST, "null": NOT_NULL},
    )
    discrimination_ground = _text(_("grond van discriminatie"), max_length=200, required=False, default="")
    occurred_on = serializers.DateField(
        required=False, allow_null=True, error_messages=_messages(invalid=BAD_DATE, datetime=BAD_DATE)
    )
    place = _text(_("waar het gebeurde"), max_length=200, required=False, default="")


class SignalLinkSerializer(serializers.Serializer):
    case = _id(_("id van de zaak waaraan het signaal wordt gekoppeld"))


class SignalDismissSerializer(serializers.Serializer):
    reason = _text(_("waarom het signaal zonder zaak wordt afgehandeld"), max_length=2000)


class CaseOpenSerializer(serializers.Serializer):
    title = _text(_("korte omschrijving; leeg geeft ‘Melding van <datum>’"), max_length=200, required=False, default="")
    mentor = _id(_("id van de mentor; leeg kiest de mentor van de klas van de gepeste leerling"),
                 required=False, allow_null=True)
    coordinator = _id(_("id van de anti-pestcoördinator"), required=False, allow_null=True)
    second_case_reason = _text(_("waarom een tweede zaak, als de gepeste leerling al in een lopende zaak staat"),
                               max_length=2000, required=False, default="")
    criminal_offence = serializers.BooleanField(
        required=False, allow_null=True, default=None, error_messages={"invalid": NOT_A_BOOL},
        help_text=_("strafbare feiten? Verplicht (true of false) als de vormen van pesten van het signaal "
                    "strafbare feiten kunnen zijn (bedreiging, fysiek geweld, seksuele intimidatie, "
                    "discriminatie, afpersing, diefstal/vernieling)"),
    )


class CaseFilterSerializer(serializers.Serializer):
    """The query string of the case list (incidents.selectors.CaseFilters)."""

    branch = _id(_("alleen zaken van deze vestiging"), required=False)
    step = _text(_("alleen zaken in deze stap (sleutel)"), max_length=60, required=False)
    form = _choice(_keys(v.BullyingForm), _("alleen zaken met deze vorm van pesten"), required=False)
    school_class = _id(_("alleen zaken met een leerling uit deze klas"), required=False)
    mentor = _id(_("alleen zaken van deze mentor"), required=False)
    status = _choice(["open", "closed", "all"], _("open (standaard), closed of all"), required=False, default="open")
    q = _text(_("zoek in zaaknummer en omschrijving"), max_length=100, required=False)


class SignalFilterSerializer(serializers.Serializer):
    status = _choice(["new", "linked", "dismissed", "all"], _("new (standaard), linked, dismissed of all"),
                     required=False, default="new")
    branch = _id(_("alleen signalen van deze vestiging"), required=False)


class TransitionSerializer(serializers.Serializer):
    transition = _text(_("sleutel van de overgang, zie next_steps van de zaak"), max_length=80)
    expected_step = _text(_("de stap waarin u de zaak zag; anders volgt 409"), max_length=60)
    reason = _text(_("reden, waar het protocol die vraagt"), max_length=2000, required=False)


class EntryCreateSerializer(serializers.Serializer):
    kind = _text(_("soort registratie, bijvoorbeeld conversation of agreement"), max_length=40)
    attrs = AttrsField(required=False, default=dict, help_text=_("gegevens bij de registratie, bijvoorbeeld {\"with\": \"target\"}"))
    text = _text(_("toelichting"), max_length=20000, required=False, default="")
    occurred_at = serializers.DateTimeField(
        required=False, allow_null=True, error_messages=_messages(invalid=BAD_DATETIME, date=BAD_DATETIME)
    )
    files = serializers.ListField(
        child=serializers.FileField(
            error_messages={
                "invalid": _("Dit is geen bestand."),
                "empty": _("Het bestand is leeg."),
                "no_name": _("Het bestand heeft geen naam."),
                "max_length": _("De bestandsnaam is te lang."),
            }
        ),
        required=False, default=list, max_length=MAX_FILES,
        help_text=_("bewijsstukken (PNG, JPG, GIF, WebP of PDF), alleen bij een multipart-verzoek"),
        error_messages={"not_a_list": NOT_A_LIST, "max_length": _("Voeg ten hoogste {max_length} bestanden tegelijk toe.")},
    )

    def validate_files(self, files):
        # The service checks again; checking here too gives the error under "files".
        try:
            check_uploads(files)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None
        return files


class EntryCorrectSerializer(serializers.Serializer):
    text = _text(_("de gecorrigeerde tekst"), max_length=20000)
    attrs = AttrsField(required=False, allow_null=True, default=None,
                       help_text=_("de gecorrigeerde gegevens; leeg laat ze zoals ze waren"))


class ParticipantCreateSerializer(serializers.Serializer):
    student = _id(_("id van de leerling"), required=False, allow_null=True)
    role = _choice(_keys(v.ParticipantRole), _("de rol van de leerling"))
    description = _text(_("wie het is, als er geen leerling gekozen is"), max_length=200, required=False, default="")
    other_school = _text(_("de andere school van de leerling"), max_length=200, required=False, default="")


class ConfidentialNoteCreateSerializer(serializers.Serializer):
    text = _text(_("de notitie"), max_length=20000)


# --------------------------------------------------------------------------- output


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


class BranchRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class SignalStudentSerializer(serializers.Serializer):
    student = serializers.IntegerField(source="student_id", allow_null=True)
    name = serializers.SerializerMethodField()
    description = serializers.CharField()
    role = serializers.CharField()
    role_label = serializers.SerializerMethodField()

    def get_name(self, obj) -> str:
        return obj.student.full_name if obj.student_id else obj.description

    def get_role_label(self, obj) -> str:
        return label(v.ParticipantRole, obj.role)


class SignalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    branch = BranchRefSerializer()
    source = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    reported_by = PersonSerializer(allow_null=True)
    reported_at = serializers.DateTimeField()
    occurred_on = serializers.DateField(allow_null=True)
    place = serializers.CharField()
    description = serializers.CharField()
    forms = serializers.ListField(child=serializers.CharField())
    discrimination_ground = serializers.CharField()
    students = SignalStudentSerializer(many=True, source="students.all")
    case = serializers.IntegerField(source="case_id", allow_null=True)
    handled_reason = serializers.CharField()
    #: The triage term (incidents.triage): two school days after the report.
    triage_due_on = serializers.DateField(allow_null=True)
    triage_overdue = serializers.SerializerMethodField()

    def get_triage_overdue(self, signal) -> bool:
        return bool(signal.triage_overdue_at)


class ParticipantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    student = serializers.IntegerField(source="student_id", allow_null=True)
    name = serializers.CharField(source="display_name")
    role = serializers.CharField()
    role_label = serializers.SerializerMethodField()
    description = serializers.CharField()
    other_school = serializers.CharField()

    def get_role_label(self, obj) -> str:
        return label(v.ParticipantRole, obj.role)


class StepSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    number = serializers.CharField()


class ProtocolRefSerializer(serializers.Serializer):
    key = serializers.CharField()
    version = serializers.IntegerField()
    name = serializers.CharField()


def _step_of(case) -> dict:
    step = definition_of(case).step(case.step)
    return {"key": case.step, "label": step.label.get(lang()), "number": step.number}


class CaseListSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    title = serializers.CharField()
    branch = BranchRefSerializer()
    step = serializers.SerializerMethodField()
    is_closed = serializers.BooleanField()
    forms = serializers.ListField(child=serializers.CharField())
    mentor = PersonSerializer(allow_null=True)
    coordinator = PersonSerializer(allow_null=True)
    participants = ParticipantSerializer(many=True, source="participants.all")
    opened_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(StepSerializer)
    def get_step(self, case) -> dict:
        return _step_of(case)


class NextStepSerializer(serializers.Serializer):
    transition = serializers.CharField(source="key")
    label = serializers.CharField()
    target_label = serializers.CharField()
    allowed = serializers.BooleanField()
    needs_reason = serializers.BooleanField()
    met = serializers.ListField(child=serializers.CharField())
    unmet = serializers.ListField(child=serializers.CharField())


class TermSerializer(serializers.Serializer):
    """A deadline of the case: the same stored follow-up and state as the case page, the
    follow-up list and the calendar feed (incidents.deadlines)."""

    key = serializers.CharField()
    label = serializers.CharField()
    owner = serializers.CharField()
    start = serializers.DateField()
    due = serializers.DateField()
    overdue = serializers.BooleanField()
    explanation = serializers.CharField()
    status = serializers.ChoiceField(choices=["open", "due_today", "overdue", "done", "cancelled"])
    state_label = serializers.CharField()
    days_overdue = serializers.IntegerField()
    days_left = serializers.IntegerField()
    followup_id = serializers.IntegerField(allow_null=True)


class CaseDetailSerializer(serializers.Serializer):
    """A case as the case page shows it, rendered from selectors.CaseView."""

    id = serializers.IntegerField(source="case.id")
    reference = serializers.CharField(source="case.reference")
    title = serializers.CharField(source="case.title")
    branch = BranchRefSerializer(source="case.branch")
    protocol = serializers.SerializerMethodField()
    step = serializers.SerializerMethodField()
    step_actions = serializers.ListField(child=serializers.CharField())
    highest_step_number = serializers.CharField(source="case.highest_step_number")
    is_closed = serializers.BooleanField(source="case.is_closed")
    forms = serializers.ListField(child=serializers.CharField(), source="case.forms")
    discrimination_ground = serializers.CharField(source="case.discrimination_ground")
    criminal_offence = serializers.BooleanField(source="case.criminal_offence")
    mentor = PersonSerializer(source="case.mentor", allow_null=True)
    coordinator = PersonSerializer(source="case.coordinator", allow_null=True)
    opened_at = serializers.DateTimeField(source="case.opened_at")
    closed_at = serializers.DateTimeField(source="case.closed_at", allow_null=True)
    updated_at = serializers.DateTimeField(source="case.updated_at")
    participants = ParticipantSerializer(many=True)
    terms = TermSerializer(many=True)
    next_steps = NextStepSerializer(many=True)

    @extend_schema_field(ProtocolRefSerializer)
    def get_protocol(self, view) -> dict:
        return {"key": view.definition.key, "version": view.definition.version, "name": view.definition.name.get(lang())}

    @extend_schema_field(StepSerializer)
    def get_step(self, view) -> dict:
        return {"key": view.case.step, "label": view.step_label, "number": view.step_number}


class EvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    original_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    uploaded_at = serializers.DateTimeField()
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, obj) -> str:
        return reverse("api-evidence-download", kwargs={"pk": obj.pk})


class StepChangeSerializer(serializers.Serializer):
    """A step change, typed: where from and to, by which transition, and what the
    protocol says that transition means (``outcome``)."""

    from_step = serializers.CharField()
    to_step = serializers.CharField(source="step")
    transition = serializers.CharField()
    outcome = serializers.CharField()
    protocol_key = serializers.CharField()
    protocol_version = serializers.IntegerField()


class EntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    step = serializers.CharField()
    attrs = serializers.DictField()
    step_change = serializers.SerializerMethodField()
    text = serializers.CharField()
    occurred_at = serializers.DateTimeField()
    recorded_at = serializers.DateTimeField()
    author = PersonSerializer(allow_null=True)
    is_system = serializers.BooleanField()
    corrects = serializers.IntegerField(source="corrects_id", allow_null=True)
    evidence = EvidenceSerializer(many=True, source="evidence.all")

    @extend_schema_field(StepChangeSerializer(allow_null=True))
    def get_step_change(self, obj) -> dict | None:
        return StepChangeSerializer(obj).data if obj.kind == obj.STEP_CHANGE else None


class ConfidentialNoteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    created_at = serializers.DateTimeField()


class ProblemSerializer(serializers.Serializer):
    """An error body: the project's ``{"detail": …}``."""

    detail = serializers.CharField()


class ProtocolRefusalSerializer(serializers.Serializer):
    """409: the protocol does not allow this yet; ``unmet`` lists what is missing."""

    detail = serializers.CharField()
    unmet = serializers.ListField(child=serializers.CharField())


class TransitionConflictSerializer(serializers.Serializer):
    """409: someone else moved the case on; nothing was changed."""

    detail = serializers.CharField()
    current_step = StepSerializer()
