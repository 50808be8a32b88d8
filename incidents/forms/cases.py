"""The case list's filters and the case page's participant form."""
from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from people.selectors import class_choices
from protocol import vocabulary as v

from ..vocab import choices
from .students import student_label


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
