"""Forms of the dossier pages. They check the shape of the input; the services check the rules.

Errors the services raise (ValidationError with Dutch messages) are put back on the form
with ``add_service_errors`` so the page shows them next to the right field.
"""
from __future__ import annotations

import datetime as dt
from enum import StrEnum

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from people.models import Enrolment, Student
from people.selectors import class_choices
from protocol import vocabulary as v

from .models import IncidentCategory
from .records import ATTRS, RECORDABLE, REQUIRED
from .vocab import choices, label

NOT_INVOLVED = ""
MAX_SEARCH_RESULTS = 20


# --- helpers --------------------------------------------------------------------------
def add_service_errors(form: forms.Form, error: ValidationError, field_map: dict[str, str] | None = None) -> None:
    """Put a service's ValidationError on the form: by field where the form has it, else on top."""
    field_map = field_map or {}
    if hasattr(error, "error_dict"):
        for key, errors in error.message_dict.items():
            name = field_map.get(key, key)
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def branch_students(organisation_id, branch_id) -> QuerySet[Student]:
    """Students of one branch with the name of their latest class, for picking by name.

    Anyone on staff may log a signal about any student of their branch, so this is wider
    than people.access.students_for (which is about reading a student's record): it shows
    names and classes only. Students in a class this school year come first; a student
    whose latest class is of another year shows that year with it (issue 17, item 5)."""
    today = timezone.localdate()
    latest = Enrolment.objects.filter(student=OuterRef("pk")).order_by("-school_year__starts_on")
    return (
        Student.objects.for_organisation(organisation_id)
        .filter(branch_id=branch_id, left_on__isnull=True)
        .annotate(
            class_name=Subquery(latest.values("school_class__name")[:1]),
            class_year=Subquery(latest.values("school_year__name")[:1]),
            this_year=Exists(Enrolment.objects.filter(
                student=OuterRef("pk"), school_year__starts_on__lte=today, school_year__ends_on__gte=today,
            )),
        )
        .order_by("-this_year", "last_name", "first_name", "pk")
    )


def search_students(qs: QuerySet[Student], q: str) -> QuerySet[Student]:
    """Students matching every word of a name; several names separated by commas are
    searched at once ("Jansen, de Vries"), so naming two students is one search."""
    parts = [p.strip() for p in (q or "").replace(";", ",").split(",")]
    parts = [p for p in parts if len(p) >= 2][:5]
    if not parts:
        return qs.none()
    where = Q()
    for part in parts:
        one = Q()
        for word in part.split()[:3]:
            one &= Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(infix__icontains=word)
        where |= one
    return qs.filter(where)


def student_label(student: Student) -> str:
    class_name = getattr(student, "class_name", None)
    if class_name and getattr(student, "this_year", True) is False and getattr(student, "class_year", None):
        # Not in a class this school year: say which year the class was, so last year's
        # "3B" is not taken for this year's.
        return f"{student.full_name} ({class_name}, {student.class_year})"
    return f"{student.full_name} ({class_name})" if class_name else student.full_name


class DateInput(forms.DateInput):
    input_type = "date"

    def format_value(self, value):
        if isinstance(value, dt.date):
            return value.isoformat()
        return value


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value):
        if isinstance(value, dt.datetime):
            return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M") if timezone.is_aware(value) else value.strftime("%Y-%m-%dT%H:%M")
        return value


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


# --- the signal ("Nieuw signaal") --------------------------------------------------
def role_field_name(student_id: int) -> str:
    return f"rol_{student_id}"


def posted_student_ids(data) -> list[int]:
    """The student ids a posted signal form names (fields ``rol_<id>``), malformed ones as -1."""
    ids = []
    for key in data:
        if key.startswith("rol_"):
            try:
                ids.append(int(key[4:]))
            except ValueError:
                ids.append(-1)
    return ids


class SignalForm(forms.Form):
    """Who, what, where, when, which forms. Students are picked by a name search that
    re-renders this form (no JavaScript needed); each found student gets a role select."""

    branch = forms.TypedChoiceField(label=_("Vestiging"), coerce=int)
    q = forms.CharField(
        label=_("Zoek een leerling op naam"), required=False, max_length=100,
        help_text=_("Typ (een deel van) de naam en kies ‘Zoeken’; meer leerlingen tegelijk met komma’s: "
                    "‘Jansen, de Vries’. Geef daarna bij elke leerling de rol aan."),
    )
    description = forms.CharField(
        label=_("Wat is er gebeurd?"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000,
        error_messages={"required": _("Beschrijf kort wat er is gebeurd.")},
    )
    place = forms.CharField(label=_("Waar?"), required=False, max_length=200,
                            help_text=_("Bijvoorbeeld: kantine, schoolplein, WhatsApp-groep van de klas"))
    occurred_on = forms.DateField(label=_("Wanneer?"), required=False, widget=DateInput,
                                  error_messages={"invalid": _("Vul een geldige datum in.")})
    discrimination_ground = forms.CharField(
        label=_("Grond van de discriminatie"), required=False, max_length=200,
        help_text=_("Alleen bij discriminatie: bijvoorbeeld afkomst, geloof, geaardheid"),
    )
    incident_category = forms.ChoiceField(
        label=_("Soort incident"), required=False,
        choices=[("", _("— geen of onbekend —"))] + list(IncidentCategory.choices),
        error_messages={"invalid_choice": _("Kies de soort incident uit de lijst.")},
    )
    is_serious = forms.BooleanField(
        label=_("Ernstig incident (komt in het register en wordt gemeld bij de inspectie)"), required=False)
    other_role = forms.ChoiceField(label=_("Rol"), required=False)
    other_description = forms.CharField(
        label=_("Leerling niet in de lijst (bijvoorbeeld onbekende pester of andere school)"), required=False, max_length=200,
        help_text=_("Omschrijf wie het is, bijvoorbeeld ‘onbekend, via Instagram’ of ‘leerling van het Erasmus College’"),
    )

    def __init__(self, *args, branches=(), students=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].choices = [(b.pk, b.name) for b in branches]
        if len(self.fields["branch"].choices) == 1:
            self.fields["branch"].widget = forms.HiddenInput()
        # Named "forms" like the model field; set here because the name shadows django.forms in the class body.
        self.fields["forms"] = forms.MultipleChoiceField(
            label=_("Vormen van pesten"), required=False, widget=forms.CheckboxSelectMultiple,
            choices=choices(v.BullyingForm)(),
        )
        self.order_fields(["branch", "q", "description", "place", "occurred_on", "forms"])
        roles = choices(v.ParticipantRole)()
        self.fields["other_role"].choices = [(NOT_INVOLVED, _("— kies een rol —"))] + roles
        self.fields["other_role"].initial = v.ParticipantRole.BULLY.value
        self.student_fields = []
        for student in students:
            name = role_field_name(student.pk)
            self.fields[name] = forms.ChoiceField(
                label=student_label(student), required=False,
                choices=[(NOT_INVOLVED, _("niet betrokken"))] + roles,
            )
            self.student_fields.append(name)
        if not self.is_bound:
            self.fields["occurred_on"].initial = timezone.localdate()

    def clean_occurred_on(self):
        value = self.cleaned_data.get("occurred_on")
        if value and value > timezone.localdate():
            raise ValidationError(_("De datum ligt in de toekomst."))
        return value

    def student_rows(self):
        return [self[name] for name in self.student_fields]

    def chosen(self) -> list[tuple[int, str]]:
        return [
            (int(name[4:]), self.cleaned_data[name]) for name in self.student_fields if self.cleaned_data.get(name)
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("other_description", "").strip() and not cleaned.get("other_role"):
            self.add_error("other_role", _("Kies de rol van deze leerling."))
        return cleaned


# --- coordinator: signals ----------------------------------------------------------
class SignalOpenForm(forms.Form):
    """``suggest``: the signal's forms of bullying that may be criminal offences. Then the
    question must be answered yes or no (issue 12.4); otherwise it is a plain checkbox."""

    title = forms.CharField(label=_("Korte omschrijving van de zaak"), required=False, max_length=200)
    criminal_offence = forms.BooleanField(
        label=_("Er is sprake van strafbare feiten (de politie wordt geïnformeerd)"), required=False
    )
    second_case_reason = forms.CharField(
        label=_("Waarom een tweede zaak?"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Alleen nodig als de gepeste leerling al in een lopende zaak staat."),
    )

    def __init__(self, *args, suggest=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.suggest = list(suggest)
        if self.suggest:
            self.fields["criminal_offence"] = forms.TypedChoiceField(
                label=_("Is er sprake van strafbare feiten? De politie wordt dan geïnformeerd."),
                help_text=_("Gemeld: %(forms)s. Dit kunnen strafbare feiten zijn (bedreiging, mishandeling, "
                            "seksuele intimidatie, discriminatie, afpersing, diefstal of vernieling).")
                % {"forms": ", ".join(self.suggest)},
                choices=[("ja", _("Ja, strafbare feiten")), ("nee", _("Nee"))], widget=forms.RadioSelect,
                coerce=lambda value: value == "ja",
                error_messages={"required": _("Geef aan of er sprake is van strafbare feiten.")},
            )


class SignalLinkForm(forms.Form):
    case = forms.TypedChoiceField(label=_("Bestaande zaak"), coerce=int,
                                  error_messages={"required": _("Kies de zaak waar dit signaal bij hoort."),
                                                  "invalid_choice": _("Kies een zaak uit de lijst.")})

    def __init__(self, *args, cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = [("", _("— kies een zaak —"))] + [
            (c.pk, f"{c.reference} – {c.title}") for c in cases
        ]


class SignalDismissForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom zonder zaak afhandelen?"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
        error_messages={"required": _("Geef aan waarom dit signaal zonder zaak wordt afgehandeld.")},
    )


# --- the case list ---------------------------------------------------------------
class FlatSelect(forms.Select):
    """A <select> written in Python, with the HTML of Django's own (no option groups), but
    without one template render per option: the case list's filters have a few hundred
    options, and rendering them through the form templates was a third of the page's CPU
    (bench/staff_pages.py --profile, issue 16)."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = {str(v) for v in self.format_value(value)}

        def options(pairs):
            return format_html_join(
                "", '<option value="{}"{}>{}</option>',
                ((str(key), mark_safe(" selected") if str(key) in chosen else "", label)  # noqa: S308 - a constant
                 for key, label in pairs),
            )

        parts = []
        for key, text in self.choices:
            if isinstance(text, list | tuple):  # an option group: (group label, [(value, label), …])
                parts.append(format_html('<optgroup label="{}">{}</optgroup>', key, options(text)))
            else:
                parts.append(options([(key, text)]))
        return format_html("<select{}>{}</select>", flatatt(final), mark_safe("".join(parts)))  # noqa: S308 - escaped parts


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Zaaknummer of omschrijving"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, widget=FlatSelect,
        choices=[("open", _("Lopend")), ("closed", _("Afgesloten")), ("all", _("Alle"))],
    )
    step = forms.ChoiceField(label=_("Stap"), required=False, widget=FlatSelect)
    form = forms.ChoiceField(label=_("Vorm van pesten"), required=False, widget=FlatSelect)
    school_class = forms.TypedChoiceField(label=_("Klas"), required=False, coerce=int, empty_value=None,
                                          widget=FlatSelect)
    mentor = forms.TypedChoiceField(label=_("Mentor"), required=False, coerce=int, empty_value=None,
                                    widget=FlatSelect)
    branch = forms.TypedChoiceField(label=_("Vestiging"), required=False, coerce=int, empty_value=None,
                                    widget=FlatSelect)

    def __init__(self, *args, steps=(), classes=(), mentors=(), branches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [("", _("Alle stappen"))] + list(steps)
        self.fields["form"].choices = [("", _("Alle vormen"))] + choices(v.BullyingForm)()
        # This school year's classes first, grouped by branch; other years after them.
        self.fields["school_class"].choices = [("", _("Alle klassen"))] + class_choices(classes)
        self.fields["mentor"].choices = [("", _("Alle mentoren"))] + [(u.pk, str(u)) for u in mentors]
        self.fields["branch"].choices = [("", _("Alle vestigingen"))] + [(b.pk, b.name) for b in branches]
        if len(branches) <= 1:
            del self.fields["branch"]


# --- the case page -----------------------------------------------------------------
class ParticipantForm(forms.Form):
    role = forms.ChoiceField(label=_("Rol"))
    student = forms.TypedChoiceField(label=_("Leerling"), required=False, coerce=int, empty_value=None)
    description = forms.CharField(label=_("Of omschrijf wie het is"), required=False, max_length=200,
                                  help_text=_("Bijvoorbeeld ‘onbekend’ of ‘leerling van een andere school’"))
    other_school = forms.CharField(label=_("Andere school"), required=False, max_length=200)

    def __init__(self, *args, students=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = choices(v.ParticipantRole)()
        self.fields["student"].choices = [("", _("— geen leerling uit de lijst —"))] + [
            (s.pk, student_label(s)) for s in students
        ]
        self.fields["student"].error_messages["invalid_choice"] = _("Deze leerling is niet gevonden. Zoek de leerling opnieuw.")


#: Which vocabulary or input each record attribute uses on the form, with its label.
ATTR_LABELS = {
    v.Attr.WITH: _("Gesprek met"),
    v.Attr.PARTY: _("Welke ouders"),
    "method": _("Hoe (telefoon, gesprek, e-mail, brief)"),
    v.Attr.KIND: _("Soort"),
    v.Attr.OUTCOME: _("Uitkomst"),
    v.Attr.ROUTE: _("Route"),
    v.Attr.FOR: _("Toestemming voor"),
    v.Attr.GIVEN: _("Gegeven?"),
    v.Attr.SCHOOL_DAYS: _("Aantal schooldagen (1 tot en met 5)"),
    "starts_on": _("Eerste schooldag van de schorsing"),
    v.Attr.SUSPENSION: _("Bij welke schorsing"),
    v.Attr.FORM: _("Vorm van pesten"),
    "who": _("Wie houdt zich eraan / wie controleert"),
    "by_when": _("Tot wanneer"),
    v.Attr.NO_BLAME: _("Nabespreking No Blame (Bijlage 12)?"),
    v.Attr.MEMBER: _("Met welk steungroeplid (apart)"),
    v.Attr.WRITTEN: _("Schriftelijk gegeven?"),
    v.Attr.INFORM: _("Worden de ouders geïnformeerd?"),
    v.Attr.GROUP_REASON: _("Reden om met een steungroep van een andere grootte of samenstelling te werken"),
    "behaviour": _("Welk gedrag wil de leerling afleren, en binnen welke tijd?"),
    "need": _("Welke behoefte zit erachter?"),
    "help": _("Welke hulp heeft de leerling nodig, en van wie?"),
    "repair": _("Wat doet de leerling als het toch misgaat (probleemoplossende sanctie)?"),
    v.Attr.EVALUATION_ON: _("Evaluatiedatum"),
    "evaluator": _("Met wie evalueert de leerling?"),
}
#: Shorter labels for showing an entry's attributes in the timeline.
SHOW_LABELS = {
    "method": _("Hoe"),
    "who": _("Wie"),
    "by_when": _("Tot wanneer"),
    "starts_on": _("Vanaf"),
    v.Attr.SCHOOL_DAYS: _("Schooldagen"),
}
#: Attributes the form does not ask for (set by other parts of the product).
HIDDEN_ATTRS = {"letter", "support_group"}
KIND_ORDER = [k.value for k in v.RecordKind]


def recordable_kinds(definition, step: str) -> list[tuple[str, str]]:
    """The kinds a person can record in this case now, in vocabulary order, labelled."""
    allowed = definition.record_kinds & RECORDABLE
    if definition.is_terminal(step):
        allowed = allowed & definition.terminal_record_kinds
    return [(k, label(v.RecordKind, k)) for k in KIND_ORDER if k in allowed]


class KindForm(forms.Form):
    """The first choice of the record area: what to record (a GET that re-renders the form)."""

    soort = forms.ChoiceField(label=_("Wat wilt u vastleggen?"))

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["soort"].choices = list(kinds)


class EntryForm(forms.Form):
    """One timeline entry of one kind: its attributes, the text, when, and evidence files."""

    kind = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, kind: str, suspensions=(), members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.record_kind = kind
        self.members = list(members)
        self.fields["kind"].initial = kind
        self.attr_names = []
        for name, allowed in ATTRS.get(kind, {}).items():
            name = str(name)
            if name in HIDDEN_ATTRS:
                continue
            field = self._attr_field(name, allowed, suspensions)
            if name == v.Attr.MEMBER:
                field = forms.TypedChoiceField(
                    required=False, coerce=int, empty_value=None,
                    choices=[("", _("— kies het steungroeplid —"))] + [(p.pk, p.display_name) for p in self.members],
                    error_messages={"invalid_choice": _("Kies een lid van de steungroep van deze zaak.")},
                )
            field.label = ATTR_LABELS.get(name, name)
            self.fields[f"attr_{name}"] = field
            self.attr_names.append(name)
        self.fields["text"] = forms.CharField(
            label=_("Verslag") if kind != v.RecordKind.AGREEMENT else _("Wat is er afgesproken?"),
            required=kind == v.RecordKind.AGREEMENT, widget=forms.Textarea(attrs={"rows": 4}), max_length=10000,
            error_messages={"required": _("Schrijf de afspraak op.")},
        )
        self.fields["occurred_at"] = forms.DateTimeField(
            label=_("Wanneer"), required=False, widget=DateTimeInput,
            help_text=_("Leeg laten voor nu"), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
            error_messages={"invalid": _("Vul een geldige datum en tijd in.")},
        )
        self.fields["files"] = MultipleFileField(
            label=_("Bewijs (schermafbeeldingen of PDF)"), required=False,
            help_text=_("PNG, JPG, GIF, WebP of PDF; ten hoogste 10 MB per bestand."),
        )

    def _attr_field(self, name: str, allowed, suspensions) -> forms.Field:
        required = name in REQUIRED.get(self.record_kind, ())
        missing = {"required": _("Dit gegeven is verplicht bij dit soort registratie.")}
        if name == v.Attr.SUSPENSION:
            return forms.ChoiceField(
                required=required, error_messages=missing,
                choices=[("", _("— kies de schorsing —"))] + [(str(e.pk), e.label) for e in suspensions],
            )
        if isinstance(allowed, type) and issubclass(allowed, StrEnum):
            return forms.ChoiceField(required=required, error_messages=missing,
                                     choices=[("", _("— kies —"))] + choices(allowed)())
        if allowed is bool:
            return forms.ChoiceField(required=required, error_messages=missing, widget=forms.RadioSelect,
                                     choices=[("ja", _("Ja")), ("nee", _("Nee"))])
        if allowed is int:
            return forms.IntegerField(required=required, error_messages={**missing, "invalid": _("Vul een heel getal in.")},
                                      min_value=1, max_value=5 if name == v.Attr.SCHOOL_DAYS else None)
        if name in ("by_when", "starts_on", v.Attr.EVALUATION_ON):
            return forms.DateField(required=required, widget=DateInput,
                                   error_messages={**missing, "invalid": _("Vul een geldige datum in.")})
        return forms.CharField(required=required, error_messages=missing, max_length=500)

    def attrs(self) -> dict:
        result = {}
        for name in self.attr_names:
            value = self.cleaned_data.get(f"attr_{name}")
            if value in (None, ""):
                continue
            if isinstance(value, dt.date):
                value = value.isoformat()
            result[name] = value
        return result

    def attr_fields(self):
        return [self[f"attr_{name}"] for name in self.attr_names]

    @staticmethod
    def field_map() -> dict[str, str]:
        """Service error keys -> form field names."""
        mapping = {str(name): f"attr_{name}" for attrs in ATTRS.values() for name in attrs}
        mapping["files"] = "files"
        return mapping


class TransitionForm(forms.Form):
    transition = forms.CharField(widget=forms.HiddenInput)
    expected_step = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reden"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class ConfidentialNoteForm(forms.Form):
    text = forms.CharField(label=_("Nieuwe vertrouwelijke notitie"), widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=10000, error_messages={"required": _("De notitie is leeg.")})


def entry_summary(entry) -> list[tuple[str, str]]:
    """An entry's attributes as (label, value) pairs in the current language."""
    vocabularies = ATTRS.get(entry.kind, {})
    pairs = []
    for name, value in (entry.attrs or {}).items():
        if name in HIDDEN_ATTRS:
            continue
        allowed = vocabularies.get(name)
        shown = value
        if isinstance(value, bool):
            shown = _("ja") if value else _("nee")
        elif allowed is not None and isinstance(allowed, type) and allowed not in (str, int, bool, list):
            shown = label(allowed, value)
        elif name == v.Attr.MEMBER:
            shown = f"#{value}"
        elif name in ("by_when", "starts_on", v.Attr.EVALUATION_ON):
            try:
                shown = dt.date.fromisoformat(str(value)).strftime("%d-%m-%Y")
            except ValueError:
                shown = value
        pairs.append((str(SHOW_LABELS.get(name) or ATTR_LABELS.get(name, name)), str(shown)))
    return pairs

