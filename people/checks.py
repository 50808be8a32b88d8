"""Deployment checks of our own (`manage.py check --deploy`)."""
from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register

RING_VARIABLES = {
    "survey_codes": "SURVEY_CODE_KEYS",
    "report_receipts": "REPORT_RECEIPT_KEYS",
    "status_codes": "STATUS_CODE_KEYS",
}


@register(Tags.security, deploy=True)
def check_key_rings(app_configs=None, **kwargs):
    """Codes on paper need keys of their own: on SECRET_KEY, rotating it would void them."""
    problems = []
    for purpose, variable in RING_VARIABLES.items():
        ring = settings.HMAC_KEY_RINGS.get(purpose) or []
        if not ring or ring[0][0] == settings.FALLBACK_KEY_ID:
            problems.append(Warning(
                f"{variable} is not set: {purpose.replace('_', ' ')} are keyed with SECRET_KEY, so rotating "
                "SECRET_KEY would make every printed code invalid.",
                hint=f"Set {variable}='<id>:<secret of 32+ characters>' (newest first); to keep codes made "
                     f"so far, append '{settings.FALLBACK_KEY_ID}:<the current SECRET_KEY>' after it.",
                id=f"pestzaak.W00{len(problems) + 1}",
            ))
    return problems
