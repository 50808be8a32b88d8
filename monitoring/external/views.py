"""The external monitor page: results per branch and year, a CSV import with a column
mapping and a dry run, and one result typed in. Thin: services and selectors do the work."""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from people.audit import audit_context

from . import selectors, services

FIELD_LABELS = {
    "vestiging": gettext_lazy("Vestiging (naam of korte naam)"), "schooljaar": gettext_lazy("Schooljaar (2026-2027)"),
    "monitor": gettext_lazy("Monitor (Vensters, ZIEN!, Veiligheidsmonitor, anders)"),
    "respondenten": gettext_lazy("Respondenten"), "schaal_van": gettext_lazy("Schaal van"),
    "schaal_tot": gettext_lazy("Schaal tot"), "uitgenodigd": gettext_lazy("Uitgenodigd"),
    "veiligheidsbeleving": gettext_lazy("Gemiddelde veiligheidsbeleving"),
    "aantasting": gettext_lazy("Gemiddelde aantasting"), "welbevinden": gettext_lazy("Gemiddelde welbevinden"),
    "aandeel_gepest": gettext_lazy("Aandeel gepest (0–1)"),
}


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV-bestand van de monitor"))
    dry_run = forms.BooleanField(label=gettext_lazy("Proefimport: alleen controleren, niets opslaan"), required=False,
                                 initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in services.FIELDS:
            self.fields[f"col_{name}"] = forms.CharField(
                label=FIELD_LABELS[name], required=False, max_length=100, initial=name,
                help_text=gettext_lazy("Kolomkop in uw bestand"))

    def mapping(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(f"col_{name}") or name for name in services.FIELDS}


@login_required
def external_results(request):
    user = request.user
    if not services.can_enter(user):
        raise Http404
    branches = list(services.entry_branches_for(user))
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            report = services.external_results_import(
                organisation=user.organisation_id, acting_user=user, data=upload.read(services.MAX_BYTES + 1),
                mapping=form.mapping(), dry_run=form.cleaned_data["dry_run"], audit=audit_context(request))
            if report.ok and not report.dry_run:
                messages.success(request, _("%(n)s resultaten ingevoerd.") % {"n": report.saved})
                return redirect("monitoring:external_results")
            if not report.ok:
                status = 400
        else:
            status = 400
    results = selectors.external_results(organisation_id=user.organisation_id, branch_ids=[b.pk for b in branches])
    return render(request, "monitoring/external_results.html",
                  {"form": form, "report": report, "results": results, "fields": services.FIELDS},
                  status=status)
