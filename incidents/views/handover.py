"""The hand-over list for the next school year's mentor (incidents.handover)."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from people.audit import audit_context

from .. import handover


@login_required
def handover_index(request):
    """The classes whose hand-over this user may read; a mentor with one class goes straight there."""
    classes = list(handover.handover_classes_for(request.user).select_related("branch", "school_year")
                   .order_by("-school_year__starts_on", "branch__name", "name"))
    if len(classes) == 1:
        return redirect("incidents:handover_class", class_id=classes[0].pk)
    return render(request, "incidents/handover.html", {"classes": classes, "handover": None})


@login_required
def handover_class(request, class_id: int):
    school_class = handover.get_handover_class_for_user(request.user, class_id)  # 404 when not allowed
    data = handover.class_handover(request.user, school_class, audit=audit_context(request))
    return render(request, "incidents/handover.html", {"classes": None, "handover": data})
