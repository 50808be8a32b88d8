"""Fixed-window counters in Django's cache (Redis in production), for limits per client
address or per e-mail address. Keys are keyed hashes: no address is stored in clear.

Used for failed log-ins per address across all accounts (the page and the token API:
django-axes limits each *account*; this limits one address trying many accounts), and
for password-reset mails (per address and per e-mail address).
"""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

TOO_MANY_LOGINS = _(
    "Er zijn vanaf dit adres te veel mislukte inlogpogingen gedaan. Probeer het over een kwartier opnieuw, "
    "of vraag via ‘Wachtwoord vergeten?’ een nieuw wachtwoord aan."
)


@dataclass(frozen=True)
class Limit:
    name: str
    setting: str  # the number allowed per window (declared in config/settings.py)
    window_setting: str

    @property
    def limit(self) -> int:
        return int(getattr(settings, self.setting))

    @property
    def window(self) -> int:
        return int(getattr(settings, self.window_setting))


LOGIN_FAILURES_PER_ADDRESS = Limit("login-addr", "LOGIN_FAILURES_PER_ADDRESS", "LOGIN_FAILURES_WINDOW_SECONDS")
RESETS_PER_ADDRESS = Limit("reset-addr", "PASSWORD_RESETS_PER_ADDRESS", "PASSWORD_RESET_WINDOW_SECONDS")
RESETS_PER_EMAIL = Limit("reset-email", "PASSWORD_RESETS_PER_EMAIL", "PASSWORD_RESET_WINDOW_SECONDS")


def _key(limit: Limit, value: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{limit.name}:{value}".encode(), hashlib.sha256).hexdigest()
    return f"ratelimit:{limit.name}:{digest[:32]}"


def is_over(limit: Limit, value: str) -> bool:
    return (cache.get(_key(limit, value)) or 0) >= limit.limit


def hit(limit: Limit, value: str) -> int:
    key = _key(limit, value)
    cache.add(key, 0, timeout=limit.window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=limit.window)
        return 1
