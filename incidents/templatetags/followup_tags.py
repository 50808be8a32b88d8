"""``{% case_followups case %}``: the stored follow-ups of a case with their running clock
(open or overdue, school days left or late) and "afgerond" for who may. The case page has
already checked that the user may see the case."""
from __future__ import annotations

from django import template

from incidents.followup_selectors import case_followups as rows_of
from incidents.selectors import term_notes

register = template.Library()


@register.inclusion_tag("incidents/followups/_case_followups.html", takes_context=True)
def case_followups(context, case):
    request = context.get("request")
    user = getattr(request, "user", None)
    rows = rows_of(user, case) if user is not None and user.is_authenticated else []
    notes = term_notes(case, [row.followup for row in rows]) if rows or not case.is_closed else None
    for row in rows:
        # The seed's own words and the earliest day, next to the dates (issue 12.3).
        row.quote = notes.quotes.get(row.followup.deadline_key, "") if notes else ""
        row.earliest = notes.earliest.get(row.followup.deadline_key) if notes and row.followup.is_active else None
    # Which calendar (and so which holiday region) counts these school days: the case page
    # passes it; shown next to the deadlines.
    return {"followup_rows": rows, "moments": notes.moments if notes else [], "request": request,
            "csrf_token": context.get("csrf_token"), "calendar_label": context.get("calendar_label", "")}
