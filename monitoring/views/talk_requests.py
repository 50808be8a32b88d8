"""The page behind a talk-request notification: who asked, for whom, and their message."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .. import talk


@login_required
def talk_request_detail(request, talk_id):
    found = talk.get_talk_request_for_user(request.user, talk_id)
    return render(request, "monitoring/talk_request_detail.html", {"talk": found})
