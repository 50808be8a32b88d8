"""Forms of the letter pages: input checks only; the services hold the rules."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from protocol.vocabulary import InformedParty

from ..models import Letter

PARTY_CHOICES = [
    (InformedParty.TARGET_PARENTS.value, _("Ouders van de gepeste leerling")),
    (InformedParty.BULLY_PARENTS.value, _("Ouders van de pester")),
]


class LetterNewForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Soort brief"), choices=Letter.Kind.choices, widget=forms.RadioSelect,
        help_text=_("Stap 2: afspraken vastgelegd (aan beide ouders). Stap 4: tweede gesprek. Stap 5: schorsingsbesluit."),
    )
    party = forms.ChoiceField(
        label=_("Aan wie"), choices=PARTY_CHOICES, widget=forms.RadioSelect,
        help_text=_("De brief over het tweede gesprek en het schorsingsbesluit gaan naar de ouders van de pester."),
    )


class LetterEditForm(forms.Form):
    subject = forms.CharField(label=_("Onderwerp"), max_length=200)
    body = forms.CharField(
        label=_("Tekst van de brief"),
        widget=forms.Textarea(attrs={"rows": 28, "spellcheck": "true", "lang": "nl"}),
        help_text=_("Een lege regel begint een nieuwe alinea; een regel die begint met ‘- ’ wordt een opsommingsteken."),
    )


class LetterSendForm(forms.Form):
    checked = forms.BooleanField(
        label=_("Ik heb de brief gecontroleerd: de gegevens kloppen en er staan geen namen of gegevens van andere leerlingen in."),
        error_messages={"required": _("Bevestig dat u de brief hebt gecontroleerd.")},
    )


class LetterTemplateForm(forms.Form):
    subject = forms.CharField(label=_("Onderwerp"), max_length=200)
    body = forms.CharField(
        label=_("Tekst"), widget=forms.Textarea(attrs={"rows": 28, "spellcheck": "true", "lang": "nl"}),
        help_text=_("Gebruik de invulvelden uit de lijst, bijvoorbeeld $voornaam. Een lege regel begint een nieuwe alinea."),
    )
