"""Result dashboards: per branch, the board's side-by-side view, and the inspection CSV.

Thin: access through monitoring.access (404 for other tenants and for whoever
may not see a branch), figures from monitoring.results, charts from monitoring.result_charts.
"""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from people.audit import audit_context, audit_log
from people.models import AuditEvent

from .. import access, aspects, duty, result_charts, results, results_cache, selectors
from ..charts import format_mean
from ..export import export_filename, inspection_csv
from ..external import services as external_services
from ..suppression import suppressed_label, validate_k


def _lang() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def _rows(groups, sections, k: int, lang: str) -> list[tuple]:
    """Breakdown rows as display strings: (group, respondents, [section means]).

    Formatted here rather than cell by cell in the template: a branch with 40 classes has
    hundreds of cells, and Django's template engine is the slow part of the page."""
    hidden = suppressed_label(k)
    return [
        (g, hidden if g.respondents is None else g.respondents,
         [hidden if g.sections[s.key].mean is None else format_mean(g.sections[s.key].mean, lang) for s in sections])
        for g in groups
    ]


@login_required
@require_GET
def dashboard_index(request):
    """"Veiligheid": straight to the only branch, or a choice of branches (and the board view)."""
    user = request.user
    branches = list(access.dashboard_branches_for(user).order_by("name"))
    board = access.can_see_board_view(user)
    if not branches:
        raise Http404
    if len(branches) == 1 and not board:
        return redirect("monitoring:dashboard_branch", branch_id=branches[0].pk)
    return render(request, "monitoring/dashboard_index.html", {"branches": branches, "board": board})


def _branch_results_context(survey, branch, lang: str) -> dict:
    """The context of monitoring/_branch_results.html: figures, charts and tables."""
    result = results.branch_results(survey=survey, branch=branch, lang=lang)
    return dict(
        result=result,  # k comes with the aspects' context
        sections_charts=[(h, mark_safe(svg)) for h, svg in result_charts.sections_charts(result, lang=lang)],  # noqa: S308 - escaped SVG
        section_charts=[
            (row, mark_safe(result_charts.section_items_chart(result, row.section, lang=lang)),  # noqa: S308
             [i for i in result.items if i.section.key == row.section.key])
            for row in result.section_rows
        ],
        trend_charts=[(h, mark_safe(svg)) for h, svg in result_charts.trend_charts(result, lang=lang)],  # noqa: S308
        breakdowns=[
            (name, _rows(groups, result.sections, result.k, lang))
            for name, groups in (("afdelingen", result.departments), ("leerjaren", result.grades),
                                 ("klassen", result.classes), ("geslacht", result.genders))
        ],
        total_row=_rows([result.total], result.sections, result.k, lang)[0],
        **aspects.branch_context(aspects.branch_aspects(result, lang), lang),
        representativeness=duty.representativeness(result),
    )


@login_required
@require_GET
def dashboard_branch(request, branch_id):
    user = request.user
    branch = access.get_dashboard_branch_for_user(user, branch_id)
    rounds = selectors.rounds_for_branch(branch=branch)
    context = {"branch": branch, "rounds": rounds, "board": access.can_see_board_view(user)}
    wanted = request.GET.get("peiling")
    if not rounds and not wanted:
        return render(request, "monitoring/dashboard_branch.html", context)
    survey = access.get_round_for_user(user, wanted, permission=access.READ_DASHBOARDS, branch=branch) if wanted else rounds[0]
    lang = _lang()
    context.update(
        survey=survey,
        k=validate_k(survey.min_group_size),
        results_pending=survey.closes_at > timezone.now(),
        # Computed and rendered once per data version (a release, an edited round):
        # the same for everyone who may see this branch (monitoring.results_cache).
        results_html=results_cache.branch_results_html(
            survey=survey, branch=branch, lang=lang, render_context=lambda: _branch_results_context(survey, branch, lang)),
        can_enter_external=external_services.can_enter(user),
    )
    return render(request, "monitoring/dashboard_branch.html", context)


@login_required
@require_GET
def dashboard_board(request):
    """All branches side by side: board roles only (everyone else: 404)."""
    user = request.user
    if not access.can_see_board_view(user):
        raise Http404
    rounds = selectors.result_rounds_for(user)
    context = {"rounds": rounds}
    if rounds:
        wanted = request.GET.get("peiling")
        survey = access.get_round_for_user(user, wanted, permission=access.READ_DASHBOARDS) if wanted else rounds[0]
        lang = _lang()
        result = results.board_results(survey=survey, lang=lang)
        context.update(
            survey=survey,
            result=result,
            results_pending=survey.closes_at > timezone.now(),
            charts=[(s, mark_safe(result_charts.board_chart(result, s, lang=lang))) for s in result.sections],  # noqa: S308
            rows=_rows(result.branches, result.sections, result.k, lang),
            total_row=_rows([result.organisation], result.sections, result.k, lang)[0],
            **aspects.board_context(aspects.board_aspects(result, lang), lang),
        )
    return render(request, "monitoring/dashboard_board.html", context)


@login_required
@require_GET
def dashboard_export(request, round_id):
    """The inspection CSV of a round: every branch the user may see (or ?vestiging=)."""
    user = request.user
    survey = access.get_round_for_user(user, round_id, permission=access.READ_DASHBOARDS)
    branches = access.dashboard_branches_for(user).order_by("name")
    if request.GET.get("vestiging"):
        branches = [access.get_dashboard_branch_for_user(user, request.GET["vestiging"])]
    branches = list(branches)
    body = inspection_csv(survey=survey, branches=branches, lang=_lang())
    audit_log(action=AuditEvent.Action.EXPORT, actor=user, obj=survey, audit=audit_context(request),
              export="inspection_csv", branches=[b.pk for b in branches])
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export_filename(survey)}"'
    response["Cache-Control"] = "no-store"
    return response
