"""Forms of the thermometer: the student's pages, the talk request and round management."""
from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .codes import MAX_CODES_PER_CLASS
from .instrument import available_versions, load_instrument
from .models import TalkRequest
from .submission import GENDERS

# ------------------------------------------------------------------ the student's pages


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Jouw code"),
        max_length=40,
        help_text=_("Staat op je briefje, bijvoorbeeld ABCD-EFGH-JKMN. Hoofdletters of kleine letters maakt niet uit."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false", "inputmode": "text",
                   "class": "code-input"}
        ),
        error_messages={"required": _("Vul de code van je briefje in.")},
    )


def gender_choices(instrument, lang: str | None = None):
    lang = lang or (get_language() or "nl")[:2]
    question = instrument.background_question("gender")
    return [(o.key, o.label(lang)) for o in question.options if o.key in GENDERS]


class BackgroundForm(forms.Form):
    gender = forms.ChoiceField(
        label=_("Ik ben"), widget=forms.RadioSelect,
        error_messages={"required": _("Kies een antwoord. ‘Zeg ik liever niet’ mag ook.")},
    )

    def __init__(self, *args, instrument, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gender"].choices = gender_choices(instrument)


class SectionForm(forms.Form):
    """One section: a 0–5 choice per item. Field names are the item keys."""

    ANSWER_MISSING = _("Kies bij deze vraag een antwoord van 0 (nooit) tot 5 (altijd).")

    def __init__(self, *args, section, scale, **kwargs):
        super().__init__(*args, **kwargs)
        self.section = section
        choices = [(str(v), str(v)) for v in scale.values]
        for item in section.items:
            self.fields[item.key] = forms.TypedChoiceField(
                label=item.text((get_language() or "nl")[:2]), choices=choices, coerce=int, widget=forms.RadioSelect,
                error_messages={"required": self.ANSWER_MISSING, "invalid_choice": self.ANSWER_MISSING},
            )

    def answered(self) -> dict[str, int]:
        """What was answered, even when some items were left open (for the Back button)."""
        result = {}
        for key, field in self.fields.items():
            raw = self.data.get(self.add_prefix(key), "")
            try:
                result[key] = field.clean(raw)
            except forms.ValidationError:
                continue
        return result


class TalkRequestForm(forms.Form):
    """"I would like to talk to someone": no code, no cookie; only what is posted here."""

    school = forms.CharField(widget=forms.HiddenInput)
    wants = forms.ChoiceField(
        label=_("Met wie wil je praten?"), choices=TalkRequest.Wants.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Kies met wie je wilt praten.")},
    )
    name = forms.CharField(
        label=_("Je naam"), max_length=120,
        help_text=_("Zodat de juiste persoon je kan vinden. Je naam komt niet bij je antwoorden."),
        error_messages={"required": _("Vul je naam in, anders weten we niet wie we moeten uitnodigen.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    class_name = forms.CharField(
        label=_("Je klas"), max_length=40, required=False, widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    message = forms.CharField(
        label=_("Wil je alvast iets vertellen? (mag leeg blijven)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


# ------------------------------------------------------------------ round management


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def instrument_version_choices() -> list[tuple[int, str]]:
    choices = []
    for version in available_versions("thermometer"):
        instrument = load_instrument("thermometer", version)
        title = instrument.title_en if (get_language() or "nl").startswith("en") else instrument.title_nl
        choices.append((version, _("Versie %(version)s: %(title)s (%(n)s vragen)") % {
            "version": version, "title": title, "n": len(instrument.item_keys)}))
    return choices


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Naam van de peiling"), max_length=120,
                           help_text=_("Bijvoorbeeld ‘Thermometer najaar 2026’."))
    opens_at = forms.DateTimeField(label=_("Opent op"), widget=DateTimeInput(),
                                   input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"])
    closes_at = forms.DateTimeField(label=_("Sluit op"), widget=DateTimeInput(),
                                    input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"])
    min_group_size = forms.IntegerField(
        label=_("Kleinste groep die getoond wordt"), min_value=5, max_value=50, initial=10,
        help_text=_("Uitkomsten van een groep kleiner dan dit aantal leerlingen worden nooit getoond (minimaal 5)."),
        error_messages={"min_value": _("Groepen kleiner dan 5 zijn herkenbaar; kies 5 of meer (standaard 10)."),
                        "max_value": _("Kies een kleinste groep van hoogstens 50.")},
    )
    instrument_version = forms.TypedChoiceField(
        label=_("Versie van de vragenlijst"), coerce=int, initial=2, required=False, empty_value=2,
        help_text=_("Versie 1 is de thermometer letterlijk (42 vragen). Versie 2 stelt dezelfde 42 vragen en voegt "
                    "welbevinden en discriminatie om politieke gezindheid toe, zoals de wet en het beleid vragen. "
                    "Peilingen van beide versies zijn te vergelijken op de gedeelde vragen."),
    )
    classes = forms.MultipleChoiceField(
        label=_("Klassen die meedoen"), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies de klassen die meedoen.")},
    )

    def __init__(self, *args, classes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["classes"].choices = [
            (str(c.pk), f"{c.name} — {c.branch.name} ({c.school_year.name})") for c in classes
        ]
        self.fields["instrument_version"].choices = instrument_version_choices()
        if not self.is_bound:
            start = timezone.localtime().replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
            self.initial.setdefault("opens_at", start)
            self.initial.setdefault("closes_at", start + dt.timedelta(days=14))


class IssueCodesForm(forms.Form):
    count = forms.IntegerField(
        label=_("Aantal codes"), min_value=1, max_value=MAX_CODES_PER_CLASS,
        help_text=_("Eén per leerling, met een paar reserve."),
        error_messages={"min_value": _("Maak tussen 1 en 60 codes per keer."),
                        "max_value": _("Maak tussen 1 en 60 codes per keer.")},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class RevokeCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code die ingetrokken moet worden"), max_length=40,
        help_text=_("Bijvoorbeeld van een kwijtgeraakt briefje. Een gebruikte code blijft meetellen."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
