"""Staff monitor pages: management's dashboard (open a round, hand out codes, results) and
the anonymous survey page for staff (no log-in: the one-time code is the only key)."""
from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from people.audit import audit_context

from ..codes import CodeProblem
from . import selectors, services


def _lang() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


class StaffRoundForm(forms.Form):
    branch = forms.TypedChoiceField(label=_("Vestiging"), coerce=int)
    name = forms.CharField(label=_("Naam van de peiling"), max_length=120)
    opens_at = forms.DateTimeField(label=_("Opent op"), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                                   widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    closes_at = forms.DateTimeField(label=_("Sluit op"), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    count = forms.IntegerField(label=_("Aantal codes (één per medewerker)"), min_value=1, max_value=services.MAX_CODES)
    min_group_size = forms.IntegerField(label=_("Kleinste groep die getoond wordt"), min_value=5, max_value=50, initial=10)

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].choices = [(b.pk, b.name) for b in branches]
        if not self.is_bound:
            start = timezone.localtime().replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
            self.initial.update(opens_at=start, closes_at=start + dt.timedelta(days=14))


@login_required
def staff_dashboard(request):
    user = request.user
    branches = list(services.staff_branches_for(user).order_by("name"))
    if not branches:
        raise Http404
    form = StaffRoundForm(request.POST or None, branches=branches)
    codes, created, status = None, None, 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                created, codes = services.staff_round_create(
                    organisation=user.organisation_id, acting_user=user, branch_id=d["branch"], name=d["name"],
                    opens_at=d["opens_at"], closes_at=d["closes_at"], count=d["count"],
                    min_group_size=d["min_group_size"], audit=audit_context(request))
            except ValidationError as error:
                for field_name, messages in error.message_dict.items():
                    form.add_error(field_name if field_name in form.fields else None, messages)
                status = 400
        else:
            status = 400
    rounds = list(selectors.staff_rounds_for(user))
    wanted = request.GET.get("ronde")
    survey = selectors.get_staff_round_for_user(user, wanted) if wanted else (rounds[0] if rounds else None)
    result = selectors.staff_results(survey, _lang()) if survey else None
    response = render(request, "monitoring/staff_dashboard.html", {
        "form": form, "codes": codes, "created": created, "rounds": rounds, "survey": survey, "result": result,
    }, status=status)
    response["Cache-Control"] = "no-store"
    return response


@never_cache
def staff_survey(request):
    instrument = services.staff_instrument()
    errors: list[str] = []
    answers: dict = {}
    status = 200
    if request.method == "POST":
        answers = {k: v for k, v in request.POST.items() if k in set(instrument.item_keys)}
        try:
            services.staff_response_submit(raw_code=request.POST.get("code", ""), answers=answers)
        except CodeProblem as problem:
            errors.append(str(problem))
            status = 400
        except ValidationError as error:
            errors.extend({str(m) for messages in error.message_dict.values() for m in messages})
            status = 400
        else:
            return render(request, "monitoring/staff_thanks.html")
    return render(request, "monitoring/staff_survey.html", {
        "instrument": instrument, "errors": errors, "answers": answers, "values": instrument.scale.values,
        "lang": _lang(),
    }, status=status)
