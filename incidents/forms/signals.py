"""The signal ("Nieuw signaal") and what the coordinator does with one: open, link, dismiss."""
from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from protocol import vocabulary as v

from ..models import IncidentCategory
from ..vocab import choices
from .common import NOT_INVOLVED, DateInput
from .students import student_label


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
