"""Shared bits of the security tests."""
from __future__ import annotations

import functools
import io
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]


def production_env(**extra) -> dict[str, str]:
    """The environment a production deployment runs with (no DEBUG, a real secret)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="prod-" + secrets.token_urlsafe(48),  # pragma: allowlist secret (drawn per run)
        DJANGO_ALLOWED_HOSTS="pestzaak.example",
        **{variable: f"k1:{secrets.token_urlsafe(40)}"  # pragma: allowlist secret (drawn per run)
           for variable in ("SURVEY_CODE_KEYS", "REPORT_RECEIPT_KEYS", "STATUS_CODE_KEYS")},
    )
    env.update(extra)
    return env


SECURITY_SETTINGS = (
    "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY", "X_FRAME_OPTIONS", "SESSION_COOKIE_HTTPONLY", "SECURE_CROSS_ORIGIN_OPENER_POLICY",
)


@functools.cache
def production_security_settings() -> dict:
    """The security settings as config.settings computes them in production."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{k: getattr(settings, k) for k in {SECURITY_SETTINGS!r}}}))"
    )
    out = subprocess.run([sys.executable, "-c", code], env=production_env(), cwd=ROOT, capture_output=True,
                         text=True, check=True, timeout=120).stdout
    values = json.loads(out.strip().splitlines()[-1])
    if values["SECURE_PROXY_SSL_HEADER"]:
        values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


def png_bytes(size=(4, 4)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
