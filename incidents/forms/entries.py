"""Recording in a case: which kinds of record a step allows, the entry form, the step change, notes, an entry's summary."""
from __future__ import annotations

import datetime as dt
from enum import StrEnum

from django import forms
from django.utils.translation import gettext_lazy as _

from protocol import vocabulary as v

from ..records import ATTRS, RECORDABLE, REQUIRED
from ..vocab import choices, label
from .common import DateInput, DateTimeInput, MultipleFileField

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
