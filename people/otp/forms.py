from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=20,
        help_text=_("De zes cijfers uit uw authenticator-app. Telefoon kwijt? Vul dan een van uw herstelcodes in."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True,
                                      "spellcheck": "false", "autocapitalize": "none"}),
        error_messages={"required": _("Vul de code uit uw authenticator-app in.")},
    )


class SetupForm(forms.Form):
    code = forms.CharField(
        label=_("Code uit de app"), max_length=10,
        help_text=_("De zes cijfers die de app nu laat zien."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"required": _("Vul de zes cijfers uit de app in.")},
    )
