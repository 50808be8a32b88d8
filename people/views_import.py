"""Pages to import students, staff and classes: upload, dry run, apply. Thin: the work is in
people.imports."""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import imports
from .audit import audit_context
from .imports import Kind

SAMPLE_SIZE = 10
MAX_ERRORS_SHOWN = 200


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Wat importeert u?"), choices=Kind.choices, initial=Kind.STUDENTS,
                             widget=forms.RadioSelect)
    file = forms.FileField(
        label=gettext_lazy("Bestand"),
        help_text=gettext_lazy("Een export uit SOMtoday of Magister als CSV (.csv) of Excel (.xlsx), met een kopregel."),
        error_messages={"required": gettext_lazy("Kies een bestand.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


class ApplyForm(forms.Form):
    """The signed file, the digest of the plan shown, and one choice per column."""

    token = forms.CharField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=Kind.choices, widget=forms.HiddenInput)
    digest = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, headers: list[str], kind: str, mapping: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.headers = headers
        choices = [("", _("— niet importeren —"))] + [(f.key, str(f.label)) for f in imports.fields_of(kind)]
        for index, header in enumerate(headers):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=header or _("(kolom zonder naam)"), choices=choices, required=False,
                initial=(mapping or {}).get(header, ""),
            )

    def mapping_fields(self):
        return [self[f"col_{i}"] for i in range(len(self.headers))]

    def mapping(self) -> dict[str, str]:
        return {h: self.cleaned_data.get(f"col_{i}", "") for i, h in enumerate(self.headers) if h}


def _require_import(user) -> None:
    if not imports.can_import(user):
        raise PermissionDenied(_("Alleen de directie importeert leerlingen, klassen en medewerkers."))


def _preview(request, *, table, kind: str, mapping: dict[str, str], token: str, problem: str = "", status: int = 200):
    org = request.user.organisation
    plan = imports.plan_import(organisation=org, acting_user=request.user, kind=kind, table=table, mapping=mapping)
    form = ApplyForm(headers=table.headers, kind=kind, mapping=mapping,
                     initial={"token": token, "kind": kind, "digest": plan.digest()})
    errors = plan.errors
    context = {
        "plan": plan,
        "table": table,
        "kind_label": Kind(kind).label,
        "counts": plan.counts,
        "samples": [
            (imports.CREATE, _("Wordt aangemaakt"), plan.of(imports.CREATE)[:SAMPLE_SIZE]),
            (imports.UPDATE, _("Wordt bijgewerkt"), plan.of(imports.UPDATE)[:SAMPLE_SIZE]),
            (imports.UNCHANGED, _("Blijft ongewijzigd"), plan.of(imports.UNCHANGED)[:SAMPLE_SIZE]),
        ],
        "errors": errors[:MAX_ERRORS_SHOWN],
        "more_errors": max(0, len(errors) - MAX_ERRORS_SHOWN),
        "apply_form": form,
        "mapping_data": {f"col_{i}": mapping.get(h, "") for i, h in enumerate(table.headers)},
        "fields": imports.fields_of(kind),
        "problem": problem,
        "sample_size": SAMPLE_SIZE,
    }
    return render(request, "people/import_preview.html", context, status=status)


@login_required
def import_start(request):
    _require_import(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        upload = form.cleaned_data["file"]
        try:
            table = imports.read_table(name=upload.name, content=upload.read())
        except ValidationError as error:
            form.add_error("file", error)
        else:
            org = request.user.organisation
            mapping = imports.mapping_for(organisation=org, kind=kind, headers=table.headers)
            token = imports.sign_table(table=table, organisation=org, user=request.user, kind=kind)
            return _preview(request, table=table, kind=kind, mapping=mapping, token=token)
    return render(request, "people/import_start.html", {
        "form": form, "kinds": [(k, label, imports.fields_of(k)) for k, label in Kind.choices],
    })


def _posted(request):
    """The signed file and the column choices of a posted preview form (or a ValidationError)."""
    kind = request.POST.get("kind", "")
    if kind not in Kind.values:
        raise ValidationError(_("Het bestand kon niet worden teruggevonden; upload het opnieuw."))
    token = request.POST.get("token", "")
    table = imports.unsign_table(token, organisation=request.user.organisation, user=request.user, kind=kind)
    form = ApplyForm(request.POST, headers=table.headers, kind=kind)
    if not form.is_valid():
        raise ValidationError(_("Kies voor elke kolom een veld uit de lijst."))
    return kind, token, table, form


@login_required
@require_POST
def import_preview(request):
    """Plan again with the column choices the user changed."""
    _require_import(request.user)
    try:
        kind, token, table, form = _posted(request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("people:import_start")
    return _preview(request, table=table, kind=kind, mapping=form.mapping(), token=token)


@login_required
@require_POST
def import_apply(request):
    _require_import(request.user)
    try:
        kind, token, table, form = _posted(request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("people:import_start")
    try:
        plan, result = imports.apply_import(
            organisation=request.user.organisation, acting_user=request.user, kind=kind, table=table,
            mapping=form.mapping(), expected_digest=form.cleaned_data["digest"], audit=audit_context(request),
        )
    except ValidationError as error:
        return _preview(request, table=table, kind=kind, mapping=form.mapping(), token=token,
                        problem=" ".join(error.messages), status=409)
    messages.success(request, _("Import klaar: %(created)s aangemaakt, %(updated)s bijgewerkt, %(unchanged)s ongewijzigd.") % {
        "created": plan.counts["create"], "updated": plan.counts["update"], "unchanged": plan.counts["unchanged"]})
    return redirect("people:import_start")
