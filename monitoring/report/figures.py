"""The registration and follow-up figures of the inspection report: every table of
every branch and of the organisation, counted (``counts``), suppressed together
(``grid``) and labelled, and the appendix that defines them.

Pure reads: nothing here writes. Every count is computed for all branches of the
organisation at once (one grouped query per figure), so one suppression grid covers the
branch report, the board report, the HTML page and the CSV: they always show the same cells.
The figures' definitions are in ``counts``, the suppression rule in ``grid``.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass

from django.utils.translation import gettext as _

from incidents.models import IncidentCategory, Signal
from incidents.serious import register_enabled
from incidents.vocab import label
from monitoring.suppression import DEFAULT_K
from protocol import vocabulary as v

from .counts import (
    LATE,
    NOT_DONE,
    NOT_RECORDED,
    ON_TIME,
    OTHER,
    STILL_OPEN,
    CaseFacts,
    count_cases,
    count_followups,
    count_interventions,
    count_police,
    count_sanctions,
    count_serious,
    count_signals,
    year_bounds,
)
from .grid import (
    ORGANISATION,
    Breakdown,
    Grid,
    Row,
    breakdown_of,
    published,
    shown,
    suppress_grid,
    suppress_grids_together,
)

__all__ = [
    "ORGANISATION",
    "Breakdown",
    "CaseFacts",
    "Grid",
    "RegistrationFigures",
    "Row",
    "count_cases",
    "definitions",
    "published",
    "registration_figures",
    "shown",
    "suppress_grid",
    "suppress_grids_together",
    "year_bounds",
]


def _labels() -> dict[str, dict[str, str]]:
    nl = v.LABELS_NL
    return {
        "signals": {
            Signal.Source.STAFF: _("Door een medewerker"),
            Signal.Source.THERMOMETER: _("Uit de thermometer"),
            Signal.Source.PUBLIC_REPORT: _("Melding van leerling of ouder"),
            Signal.Source.TALK_REQUEST: _("Verzoek om een gesprek"),
        },
        "forms": {**nl[v.BullyingForm], NOT_RECORDED: _("Niet vastgelegd"), OTHER: _("Overig")},
        "steps": {**{n: _("Stap %(n)s") % {"n": n} for n in "123456"}, **{r: _("Route %(r)s") % {"r": r} for r in "ABCDE"},
                  NOT_RECORDED: _("Onbekend")},
        "outcomes": {
            **{o.value: label(v.TransitionOutcome, o.value) for o in v.CLOSING_OUTCOMES},
            STILL_OPEN: _("Nog open aan het eind van het schooljaar"),
        },
        "interventions": {**nl[v.InterventionKind], OTHER: _("Overig")},
        "sanctions": {
            **nl[v.SanctionKind], OTHER: _("Overig"),
            v.SanctionKind.SUSPENSION.value: _("Schorsen van school (als sanctie vastgelegd)"),
            v.SanctionKind.REMOVAL.value: _("Verwijdering (als sanctie vastgelegd)"),
            "record_suspension": _("Schorsing (stap 5, besluit vastgelegd)"),
            "record_removal": _("Definitieve verwijdering (stap 6, besluit vastgelegd)"),
        },
        "police": {"police_informed": _("Zaken waarin de politie is ingelicht"),
                   "criminal_offence": _("Nieuwe zaken met een strafbaar feit")},
        "followups": {ON_TIME: _("Op tijd afgerond"), LATE: _("Te laat afgerond"), NOT_DONE: _("Niet afgerond")},
        "overdue": {"overdue_at_year_end": _("Te laat aan het eind van het schooljaar")},
        "serious": {**dict(IncidentCategory.choices), "reported": _("Waarvan gemeld bij de inspectie")},
    }


@dataclass
class RegistrationFigures:
    """The report's registration and follow-up figures of one branch or the organisation."""

    k: int
    signals: Breakdown
    cases_total: int | None
    forms: Breakdown
    steps: Breakdown
    outcomes: Breakdown
    median_days_to_close: float | None
    closed_count: int | None
    interventions: Breakdown
    sanctions: Breakdown
    police: Breakdown
    followups: Breakdown
    share_on_time: float | None
    overdue_at_year_end: int | None
    #: The serious-incident register (incidents.serious), when the board keeps one.
    serious: Breakdown | None = None

    @property
    def is_empty(self) -> bool:
        return (
            self.signals.total == 0 and self.cases_total == 0 and self.interventions.total == 0
            and self.sanctions.total == 0 and self.followups.total == 0 and self.overdue_at_year_end == 0
            and all(r.value == 0 for r in self.police.rows)
        )

    def label(self, value: int | None) -> str:
        return shown(value, self.k)

    @property
    def cases_display(self) -> str:
        return shown(self.cases_total, self.k)

    @property
    def closed_display(self) -> str:
        return shown(self.closed_count, self.k)

    @property
    def overdue_display(self) -> str:
        return shown(self.overdue_at_year_end, self.k)

    @property
    def median_display(self) -> str:
        """Days, one decimal, Dutch comma; "–" when fewer than K cases were closed."""
        if self.median_days_to_close is None:
            return "–"
        return f"{self.median_days_to_close:.1f}".replace(".", ",")

    @property
    def share_display(self) -> str:
        return "–" if self.share_on_time is None else f"{round(self.share_on_time * 100)}%"

    def tables(self) -> list[Breakdown]:
        return [self.signals, self.forms, self.steps, self.outcomes, self.interventions, self.sanctions,
                self.police, self.followups]


def _median(values: list[float]) -> float:
    return statistics.median(values)


def registration_figures(*, organisation_id, branch_ids: list[int], school_year,
                         k: int = DEFAULT_K) -> dict[int | str, RegistrationFigures]:
    """Figures for every branch in ``branch_ids`` and for the organisation (key ``"org"``).

    Pass *all* branches of the organisation, even for a branch report: the suppression
    grid spans them, so every report shows the same cells.
    """
    start, end = year_bounds(school_year)
    org = organisation_id
    signals = suppress_grid(count_signals(org, branch_ids, start, end), k=k)
    facts = count_cases(org, branch_ids, start, end)
    forms = suppress_grid(facts.forms, k=k)
    steps, outcomes = suppress_grids_together(facts.steps, facts.outcomes, k=k)
    interventions = suppress_grid(count_interventions(org, branch_ids, start, end), k=k)
    sanctions = suppress_grid(count_sanctions(org, branch_ids, start, end), k=k)
    police_grid = count_police(org, branch_ids, start, end)
    for b, row in facts.criminal.cells.items():
        police_grid.cells[b]["criminal_offence"] = row.get("criminal_offence", 0)
    police_grid.categories.append("criminal_offence")
    police = suppress_grid(police_grid, k=k)
    serious = suppress_grid(count_serious(org, branch_ids, start, end), k=k) if register_enabled(org) else None
    due_grid, overdue_grid = count_followups(org, branch_ids, school_year, end)
    due = suppress_grid(due_grid, k=k)
    overdue = suppress_grid(overdue_grid, k=k)
    labels = _labels()
    forms_note = _("Een zaak kan meerdere vormen van pesten hebben: de vormen tellen niet op tot het aantal zaken.")
    police_note = _("Twee aparte tellingen; ze tellen niet op.")

    out: dict[int | str, RegistrationFigures] = {}
    for who in [*branch_ids, ORGANISATION]:
        if who == ORGANISATION:
            closed_days = [d for values in facts.days_to_close.values() for d in values]
        else:
            closed_days = facts.days_to_close.get(who, [])
        # Closed = all - still open: published only when both are (else it would give away
        # a hidden "still open" by subtraction); the median only over >= K closed cases.
        total_cases = published(outcomes, who, "total")
        still_open = published(outcomes, who, STILL_OPEN)
        closed_published = (total_cases - still_open) if (total_cases is not None and still_open is not None) else None
        due_total = published(due, who, "total")
        on_time = published(due, who, ON_TIME)
        share = (on_time / due_total) if (due_total and on_time is not None) else None
        out[who] = RegistrationFigures(
            k=k,
            signals=breakdown_of(signals, who, key="signals", title=_("Signalen en meldingen naar bron"), labels=labels["signals"]),
            cases_total=published(outcomes, who, "total"),
            forms=breakdown_of(forms, who, key="forms", title=_("Nieuwe zaken naar vorm van pesten"), labels=labels["forms"],
                               note=forms_note, skip_empty=[OTHER]),
            steps=breakdown_of(steps, who, key="steps", title=_("Nieuwe zaken naar hoogste stap"), labels=labels["steps"]),
            outcomes=breakdown_of(outcomes, who, key="outcomes", title=_("Nieuwe zaken naar afloop"), labels=labels["outcomes"]),
            median_days_to_close=(
                _median(closed_days) if closed_published is not None and closed_published >= k else None
            ),
            closed_count=closed_published,
            interventions=breakdown_of(interventions, who, key="interventions", title=_("Interventies naar soort"),
                                       labels=labels["interventions"], skip_empty=[OTHER]),
            sanctions=breakdown_of(sanctions, who, key="sanctions", title=_("Sancties naar soort"),
                                   labels=labels["sanctions"], skip_empty=[OTHER]),
            police=breakdown_of(police, who, key="police", title=_("Politie en strafbare feiten"), labels=labels["police"],
                                note=police_note),
            followups=breakdown_of(due, who, key="followups", title=_("Termijnen met een uiterste datum in het schooljaar"),
                                   labels=labels["followups"]),
            share_on_time=share,
            overdue_at_year_end=published(overdue, who, "overdue_at_year_end"),
            serious=breakdown_of(serious, who, key="serious", title=_("Ernstige incidenten naar soort"),
                                 labels=labels["serious"], skip_empty=list(IncidentCategory.values)) if serious else None,
        )
    return out


def definitions(k: int = DEFAULT_K) -> list[tuple[str, str]]:
    """The definitions above in the report's words (its appendix)."""
    return [
        (_("Schooljaar"), _("Van de begindatum tot en met de einddatum van het schooljaar, in Nederlandse tijd.")),
        (_("Signalen en meldingen"), _("Signalen en meldingen die in het schooljaar voor de vestiging zijn vastgelegd, naar bron (medewerker, thermometer, melding van leerling of ouder, verzoek om een gesprek). De bronnen tellen op tot het totaal.")),
        (_("Nieuwe zaken"), _("Zaken die in het schooljaar zijn geopend.")),
        (_("Vorm van pesten"), _("Per vorm het aantal nieuwe zaken met die vorm. Een zaak kan meerdere vormen hebben; de vormen tellen dus niet op tot het aantal zaken. ‘Niet vastgelegd’: zaken zonder vorm.")),
        (_("Hoogste stap"), _("De hoogste stap die een nieuwe zaak bereikte (stap 1–6 van het stappenplan, of stap 1–3 en route A–E). Telt op tot het aantal nieuwe zaken.")),
        (_("Afloop"), _("De stand van elke nieuwe zaak aan het eind van het schooljaar, volgens wat het protocol zegt dat de laatste stapwijziging tot dan betekende: afgesloten omdat het pesten stopte, afgesloten als plagen, afgesloten omdat het vermoeden niet werd bevestigd, afgesloten na verwijdering, of nog open (ook als de zaak was heropend). Alleen de manieren van afsluiten die het protocol kent, staan in de tabel. Telt op tot het aantal nieuwe zaken.")),
        (_("Mediane doorlooptijd"), _("Het middelste aantal dagen van opening tot afsluiting, over de nieuwe zaken die aan het eind van het schooljaar waren afgesloten; alleen bij minstens %(k)s afgesloten zaken.") % {"k": k}),
        (_("Interventies"), _("Vastgelegde interventies in het schooljaar, in alle zaken van de vestiging, naar soort. Een gecorrigeerde regel telt één keer.")),
        (_("Sancties"), _("Vastgelegde sancties in het schooljaar naar soort, plus vastgelegde schorsingen (stap 5) en definitieve verwijderingen (stap 6).")),
        (_("Politie"), _("Zaken waarin in het schooljaar is vastgelegd dat de politie is ingelicht, en nieuwe zaken die als strafbaar feit zijn gemarkeerd.")),
        (_("Termijnen op tijd"), _("Termijnen van zaken van de vestiging met een uiterste datum in het schooljaar (vervallen termijnen niet meegeteld). Op tijd: afgerond op of vóór de uiterste datum. Aandeel op tijd = op tijd gedeeld door alle termijnen.")),
        (_("Te laat aan het eind van het schooljaar"), _("Termijnen met een uiterste datum tot en met de laatste dag van het schooljaar (ook uit eerdere jaren) die toen nog niet waren afgerond.")),
        (_("Monitoring"), _("Peilingen met de thermometer die in het schooljaar openden. Respons = ingevulde vragenlijsten gedeeld door uitgenodigde leerlingen (uitgegeven codes). Gemiddelde per onderdeel op de schaal 0 (nooit) tot 5 (altijd); onderdelen 1–3: hoger is veiliger, 4–7: lager is beter.")),
        (_("Kleine aantallen"), _("Elk aantal van 1 tot en met %(km1)s staat er als ‘< %(k)s’; een groep van de thermometer met minder dan %(k)s leerlingen wordt niet getoond. Waar een verborgen aantal uit een totaal terug te rekenen zou zijn, is ook een tweede aantal verborgen. Aandelen en medianen staan er alleen als de aantallen waarop ze rusten er ook staan.") % {"k": k, "km1": k - 1}),
    ]
