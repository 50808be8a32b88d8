"""The notifications page behind the bell: list, open (marks read), mark read, mark all read."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from . import notifications

PAGE_SIZE = 30


@login_required
def notification_list(request):
    show = request.GET.get("toon") if request.GET.get("toon") in ("ongelezen", "alle") else "alle"
    qs = notifications.inbox(request.user).order_by("-created_at", "-id")
    if show == "ongelezen":
        qs = qs.filter(read_at=None)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "people/notifications.html", {"page": page, "show": show})


def _ids(values) -> list[int]:
    try:
        return [int(v) for v in values if 0 < int(v) < 2**62]
    except (TypeError, ValueError):
        return []


@login_required
@require_POST
def notifications_mark_read(request):
    """Mark the chosen notifications read (``id``, repeated) or all of them (``all``)."""
    if request.POST.get("all"):
        changed = notifications.mark_read(request.user)
    else:
        ids = _ids(request.POST.getlist("id"))
        if not ids:
            messages.error(request, _("Kies eerst een bericht; er is niets gewijzigd."))
            return redirect("people:notifications")
        changed = notifications.mark_read(request.user, ids)
    if changed:
        messages.success(request, ngettext("%(n)s bericht als gelezen gemarkeerd.",
                                           "%(n)s berichten als gelezen gemarkeerd.", changed) % {"n": changed})
    else:
        messages.info(request, _("Er waren geen ongelezen berichten; er is niets gewijzigd."))
    return redirect("people:notifications")


@login_required
@require_POST
def notification_open(request, notification_id: int):
    """Mark one notification read and go to what it is about (a page of this site only)."""
    note = notifications.inbox(request.user).filter(pk=notification_id).first()
    if note is None:
        raise Http404
    notifications.mark_read(request.user, [note.pk])
    if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()},
                                                     require_https=request.is_secure()):
        return redirect(note.url)
    return redirect("people:notifications")
