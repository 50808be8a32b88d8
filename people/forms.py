from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from . import ratelimit
from .client_ip import client_ip


def authenticate_by_email(request, *, email: str, password: str):
    """Check an e-mail address and password, counting failures for django-axes' lock-out.

    The address is passed as ``username`` (what ModelBackend and our audit signal read)
    *and* as ``email``: django-axes reads the credential named by AXES_USERNAME_FORM_FIELD,
    which defaults to the user model's USERNAME_FIELD ("email"). With only ``username``
    axes records no failure at all, and nobody is ever locked out.
    """
    # One address trying many accounts: django-axes counts per account, this per address
    # (people.ratelimit). Over the limit nothing is checked at all, so guessing stops.
    address = client_ip(request)
    if ratelimit.is_over(ratelimit.LOGIN_FAILURES_PER_ADDRESS, address):
        if request is not None:
            request.login_address_limited = True
        return None
    user = authenticate(request, username=email, email=email, password=password)
    if user is None:
        ratelimit.hit(ratelimit.LOGIN_FAILURES_PER_ADDRESS, address)
    return user


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

    def clean(self):
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email is not None and password:
            self.user_cache = authenticate_by_email(self.request, email=email, password=password)
            if self.user_cache is None and getattr(self.request, "login_address_limited", False):
                raise forms.ValidationError(ratelimit.TOO_MANY_LOGINS, code="address_limited")
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class StudentFilterForm(forms.Form):
    q = forms.CharField(label=_("Zoek op naam of leerlingnummer"), required=False, max_length=100)
    branch = forms.TypedChoiceField(label=_("Vestiging"), required=False, coerce=int, empty_value=None)
    school_class = forms.TypedChoiceField(label=_("Klas"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, branches=(), classes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].choices = [("", _("Alle vestigingen"))] + [(b.pk, b.name) for b in branches]
        from .selectors import class_choices  # this school year first, grouped by branch

        self.fields["school_class"].choices = [("", _("Alle klassen"))] + class_choices(classes)
