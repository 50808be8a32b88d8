"""The calendar feed of one's follow-ups: a page to make, show and revoke the secret
address, and the feed itself (no session: the token is the key, see incidents.ical)."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from incidents import ical
from people.audit import audit_context

from .common import error_messages


@login_required
def calendar_feed_page(request):
    """GET: is there a live address? POST make: a new address, shown once. POST revoke."""
    user = request.user
    new_url = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "make":
            token = ical.feed_token_create(user=user, audit=audit_context(request))
            new_url = request.build_absolute_uri(reverse("incidents:calendar_feed", args=[token]))
        elif action == "revoke":
            try:
                ical.feed_token_revoke(user=user, audit=audit_context(request))
            except ValidationError as error:
                error_messages(request, error)
            else:
                messages.success(request, _("De agendakoppeling is ingetrokken: het oude adres werkt niet meer."))
            return redirect("incidents:calendar_feed_page")
        else:
            messages.error(request, _("Onbekende actie; er is niets gewijzigd."))
            return redirect("incidents:calendar_feed_page")
    live = ical.live_feed_token(user)
    response = render(request, "incidents/followups/calendar.html", {"live": live, "new_url": new_url})
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_GET
def calendar_feed(request, token: str):
    """The .ics of the token's owner. Unknown or revoked: a bare 404, nothing more."""
    body = ical.feed_for_token(token, base_url=request.build_absolute_uri("/"))
    if body is None:
        raise Http404
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="pestzaak-termijnen.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
