"""Forms of the report pages: the choice of branch and year, and the prevention register."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from people.ids import parse_number

from .models import TEXT_MAX
from .vocab import MEASURES, PDCA, programme_choices

ALL = "alle"
FORMATS = (("pdf", _("PDF")), ("html", _("Webpagina")), ("csv", _("CSV-tabellen")))


class ReportChoiceForm(forms.Form):
    vestiging = forms.ChoiceField(label=_("Vestiging"), error_messages={
        "invalid_choice": _("Deze vestiging bestaat niet of u mag er geen rapport van maken."),
        "required": _("Kies een vestiging."),
    })
    schooljaar = forms.ChoiceField(label=_("Schooljaar"), error_messages={
        "invalid_choice": _("Dit schooljaar bestaat niet in uw organisatie."),
        "required": _("Kies een schooljaar."),
    })
    formaat = forms.ChoiceField(label=_("Vorm"), choices=FORMATS, initial="pdf", widget=forms.RadioSelect)

    def __init__(self, *args, branches, years, whole_organisation: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(b.pk), b.name) for b in branches]
        if whole_organisation:
            choices = [(ALL, _("Alle vestigingen (hele organisatie)")), *choices]
        self.fields["vestiging"].choices = choices
        self.fields["schooljaar"].choices = [(str(y.pk), y.name) for y in years]
        if not years:
            self.fields["schooljaar"].help_text = _("Er is nog geen schooljaar ingesteld.")


YES_NO = (("", _("Niet ingevuld")), ("yes", _("Ja")), ("no", _("Nee")))


class RegisterForm(forms.Form):
    """The eleven measures, the programmes (existing rows plus empty ones) and the PDCA texts."""

    EXTRA_PROGRAMMES = 2

    def __init__(self, *args, register=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure_rows = []
        stored = {m.key: m for m in register.measures} if register else {}
        for key, label, description in MEASURES:
            m = stored.get(key)
            in_place = f"measure-{key}-in_place"
            how = f"measure-{key}-how"
            self.fields[in_place] = forms.ChoiceField(
                label=_("Aanwezig"), choices=YES_NO, required=False, widget=forms.RadioSelect,
                initial={True: "yes", False: "no"}.get(getattr(m, "in_place", None), ""),
            )
            self.fields[how] = forms.CharField(
                label=_("Hoe (geen namen)"), required=False, max_length=TEXT_MAX,
                widget=forms.Textarea(attrs={"rows": 2}), initial=getattr(m, "how", ""),
            )
            self.measure_rows.append((key, label, description, in_place, how))
        programmes = list(register.programmes) if register else []
        count = len(programmes) + self.EXTRA_PROGRAMMES
        if self.data:
            # A hidden field the browser sends back; anything but a small number counts as 0.
            count = max(count, parse_number(self.data.get("programme-count", ""), maximum=30) or 0)
        self.programme_rows = []
        for n in range(min(count, 30)):
            p = programmes[n] if n < len(programmes) else None
            names = {f: f"programme-{n}-{f}" for f in ("programme", "other_name", "who", "when", "delete")}
            self.fields[names["programme"]] = forms.ChoiceField(
                label=_("Programma"), required=False, choices=[("", "—"), *programme_choices()],
                initial=getattr(p, "programme", ""),
            )
            self.fields[names["other_name"]] = forms.CharField(
                label=_("Naam (bij ‘Anders’)"), required=False, max_length=200, initial=getattr(p, "other_name", ""))
            self.fields[names["who"]] = forms.CharField(
                label=_("Voor en door wie (rollen of groepen, geen namen)"), required=False, max_length=300,
                initial=getattr(p, "who", ""))
            self.fields[names["when"]] = forms.CharField(
                label=_("Wanneer"), required=False, max_length=200, initial=getattr(p, "when", ""))
            if p is not None:
                self.fields[names["delete"]] = forms.BooleanField(label=_("Verwijderen"), required=False)
            self.programme_rows.append((n, names))
        self.programme_count = len(self.programme_rows)
        self.pdca_rows = []
        for key, label, help_text in PDCA:
            name = f"{key}_text"
            self.fields[name] = forms.CharField(
                label=label, help_text=help_text, required=False, max_length=TEXT_MAX,
                widget=forms.Textarea(attrs={"rows": 4}), initial=(register.pdca.get(name, "") if register else ""),
            )
            self.pdca_rows.append(name)

    def bound(self, name):
        return self[name]

    def inputs(self):
        """(measures, programmes, pdca) for register_save, from cleaned data."""
        from .register import MeasureInput, ProgrammeInput

        d = self.cleaned_data
        measures = [
            MeasureInput(key, {"yes": True, "no": False}.get(d.get(in_place) or "", None), d.get(how) or "")
            for key, _label, _desc, in_place, how in self.measure_rows
        ]
        programmes = []
        self.programme_field_index = {}
        for n, names in self.programme_rows:
            if d.get(names["delete"]) or not d.get(names["programme"]):
                continue
            self.programme_field_index[len(programmes)] = n
            programmes.append(ProgrammeInput(d[names["programme"]], d.get(names["other_name"]) or "",
                                             d.get(names["who"]) or "", d.get(names["when"]) or ""))
        pdca = {name: d.get(name) or "" for name in self.pdca_rows}
        return measures, programmes, pdca

    def add_service_errors(self, error) -> None:
        """Put a ValidationError of register_save on the fields it names."""
        import re

        for key, messages in error.message_dict.items():
            field = key
            m = re.match(r"programme-(\d+)-(\w+)", key)
            if m:
                field = f"programme-{self.programme_field_index.get(int(m.group(1)), int(m.group(1)))}-{m.group(2)}"
            for message in messages:
                self.add_error(field if field in self.fields else None, message)
