"""The password-reset page, with a limit on the mails it sends (issue 11, item 10).

Django's view mails whoever's address is typed in, as often as asked: a robot could bury
a teacher's inbox, or use us to send mail. At most PASSWORD_RESETS_PER_EMAIL mails per
e-mail address and PASSWORD_RESETS_PER_ADDRESS requests per client address per window.
Over a limit the page answers exactly as always ("if the address is known, a mail is on
its way"), so the limit tells nothing about which addresses exist; no mail is sent.
"""
from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect

from . import ratelimit
from .client_ip import client_ip


class LimitedPasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form):
        address = client_ip(self.request)
        email = (form.cleaned_data.get("email") or "").strip().lower()
        over = ratelimit.is_over(ratelimit.RESETS_PER_ADDRESS, address) or ratelimit.is_over(
            ratelimit.RESETS_PER_EMAIL, email
        )
        ratelimit.hit(ratelimit.RESETS_PER_ADDRESS, address)
        if over:
            return HttpResponseRedirect(self.get_success_url())
        ratelimit.hit(ratelimit.RESETS_PER_EMAIL, email)
        return super().form_valid(form)
