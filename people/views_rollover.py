"""Pages for a new school year: choose the year, confirm each class's successor and mentor,
see the preview with its warnings, then apply. Thin: the work is in people.rollover."""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import rollover
from .audit import audit_context
from .models import SchoolYear


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class YearForm(forms.Form):
    branch = forms.ModelChoiceField(label=gettext_lazy("Vestiging"), queryset=None, empty_label=None)
    source_year = forms.ModelChoiceField(label=gettext_lazy("Schooljaar dat eindigt"), queryset=None, empty_label=None)
    name = forms.CharField(label=gettext_lazy("Naam van het nieuwe schooljaar"), max_length=20,
                           help_text=gettext_lazy("bijvoorbeeld 2027-2028"))
    starts_on = forms.DateField(label=gettext_lazy("Eerste dag"), widget=DateInput())
    ends_on = forms.DateField(label=gettext_lazy("Laatste dag"), widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = rollover.rollover_branches(user).order_by("name")
        self.fields["source_year"].queryset = SchoolYear.objects.for_organisation(user.organisation_id).order_by("-starts_on")

    def params(self) -> dict:
        d = self.cleaned_data
        return {"branch": d["branch"], "source_year": d["source_year"], "name": d["name"],
                "starts_on": d["starts_on"], "ends_on": d["ends_on"]}


class MovesForm(forms.Form):
    """Per class of the ending year: the new class's name, or leaving; and its mentor."""

    def __init__(self, *args, classes, candidates, defaults: dict[int, rollover.ClassMove], **kwargs):
        super().__init__(*args, **kwargs)
        self.classes = list(classes)
        mentor_choices = [("", _("— nog geen mentor —"))] + [(str(u.pk), u.full_name) for u in candidates]
        for c in self.classes:
            move = defaults.get(c.pk) or rollover.ClassMove(old_class_id=c.pk)
            self.fields[f"new_{c.pk}"] = forms.CharField(
                label=_("Nieuwe klas voor %(name)s") % {"name": c.name}, max_length=40, required=False, initial=move.new_name)
            self.fields[f"leave_{c.pk}"] = forms.BooleanField(
                label=_("Verlaat de school"), required=False, initial=move.leaves)
            self.fields[f"mentor_{c.pk}"] = forms.ChoiceField(
                label=_("Mentor van de nieuwe klas"), choices=mentor_choices, required=False,
                initial=str(move.mentor_id or ""))

    def rows(self):
        return [(c, self[f"new_{c.pk}"], self[f"leave_{c.pk}"], self[f"mentor_{c.pk}"]) for c in self.classes]

    def moves(self) -> list[rollover.ClassMove]:
        d = self.cleaned_data
        return [rollover.ClassMove(old_class_id=c.pk, new_name=d.get(f"new_{c.pk}", "").strip(),
                                   leaves=bool(d.get(f"leave_{c.pk}")),
                                   mentor_id=int(d[f"mentor_{c.pk}"]) if d.get(f"mentor_{c.pk}") else None)
                for c in self.classes]


def _require(user) -> None:
    if not rollover.can_rollover(user):
        raise PermissionDenied(_("Alleen de directie zet een nieuw schooljaar klaar."))


@login_required
def rollover_start(request):
    _require(request.user)
    initial = {}
    today = timezone.localdate()
    years = SchoolYear.objects.for_organisation(request.user.organisation_id)
    current = years.filter(starts_on__lte=today, ends_on__gte=today).first() or years.order_by("-starts_on").first()
    if current is not None:
        name, starts, ends = rollover.next_year_defaults(current)
        initial = {"source_year": current.pk, "name": name, "starts_on": starts, "ends_on": ends}
    form = YearForm(user=request.user, initial=initial)
    return render(request, "people/rollover_start.html", {"form": form})


def _render_plan(request, year_form, moves_form, *, problem="", status=200):
    plan = None
    errors: list[str] = []
    if moves_form.is_valid():
        try:
            plan = rollover.rollover_plan(acting_user=request.user, moves=moves_form.moves(), **year_form.params())
        except ValidationError as error:
            errors = error.messages
    return render(request, "people/rollover_plan.html", {
        "year_form": year_form, "moves_form": moves_form, "plan": plan, "errors": errors, "problem": problem,
        "digest": plan.digest() if plan else "",
    }, status=status)


def _forms(request, data):
    year_form = YearForm(data, user=request.user)
    if not year_form.is_valid():
        return year_form, None
    params = year_form.params()
    classes = rollover.source_classes(branch=params["branch"], source_year=params["source_year"])
    defaults = {m.old_class_id: m for m in rollover.default_moves(branch=params["branch"], source_year=params["source_year"])}
    bound = data if "moves" in data else None
    moves_form = MovesForm(bound, classes=classes, candidates=rollover.mentor_candidates(params["branch"]), defaults=defaults)
    if bound is None:  # first visit: the proposals, as if submitted
        moves_form = MovesForm({**{k: v for k, v in data.items()}, **_as_data(moves_form)}, classes=classes,
                               candidates=rollover.mentor_candidates(params["branch"]), defaults=defaults)
    return year_form, moves_form


def _as_data(form) -> dict:
    data = {}
    for name, f in form.fields.items():
        value = form.get_initial_for_field(f, name)
        if isinstance(f, forms.BooleanField):
            if value:
                data[name] = "on"
        else:
            data[name] = value or ""
    return data


@login_required
def rollover_plan(request):
    _require(request.user)
    data = request.POST if request.method == "POST" else request.GET
    year_form, moves_form = _forms(request, data)
    if moves_form is None:
        return render(request, "people/rollover_start.html", {"form": year_form}, status=400)
    return _render_plan(request, year_form, moves_form)


@login_required
@require_POST
def rollover_apply(request):
    _require(request.user)
    year_form, moves_form = _forms(request, request.POST)
    if moves_form is None or not moves_form.is_valid():
        return render(request, "people/rollover_start.html", {"form": year_form}, status=400)
    try:
        plan, year = rollover.rollover_apply(acting_user=request.user, expected_digest=request.POST.get("digest", ""),
                                             audit=audit_context(request), moves=moves_form.moves(), **year_form.params())
    except ValidationError as error:
        return _render_plan(request, year_form, moves_form, problem=" ".join(error.messages), status=409)
    messages.success(request, _(
        "Schooljaar %(year)s staat klaar voor %(branch)s: %(classes)s klassen, %(moved)s leerlingen gaan over, "
        "%(left)s verlaten de school.") % {"year": year.name, "branch": plan.branch.name, "classes": len(plan.classes),
                                           "moved": len(plan.placements), "left": len(plan.leavers)})
    return redirect("people:class_list")
