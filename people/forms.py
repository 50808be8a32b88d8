from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mailadres"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _(
            "Dit e-mailadres en wachtwoord horen niet bij elkaar. Controleer ze en probeer het opnieuw."
        ),
        "inactive": _("Dit account is uitgeschakeld. Neem contact op met uw beheerder."),
    }

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()


class StudentFilterForm(forms.Form):
    q = forms.CharField(label=_("Zoek op naam of leerlingnummer"), required=False, max_length=100)
    branch = forms.TypedChoiceField(label=_("Vestiging"), required=False, coerce=int, empty_value=None)
    school_class = forms.TypedChoiceField(label=_("Klas"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, branches=(), classes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].choices = [("", _("Alle vestigingen"))] + [(b.pk, b.name) for b in branches]
        self.fields["school_class"].choices = [("", _("Alle klassen"))] + [
            (c.pk, f"{c.name} ({c.branch.name})") for c in classes
        ]
