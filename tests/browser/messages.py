"""Compile the English catalogue for the tests when the .mo is missing or stale.

Only the .po is committed; CI compiles .mo files before the suite runs. Running the suite
straight from a checkout should work too, so the tests that need English call this first.
"""
from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import trans_real


def ensure_compiled() -> None:
    changed = False
    for base in settings.LOCALE_PATHS:
        for po in Path(base).glob("*/LC_MESSAGES/django.po"):
            mo = po.with_suffix(".mo")
            if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
                previous = os.getcwd()
                os.chdir(settings.BASE_DIR)  # compilemessages walks the current directory
                try:
                    call_command(
                        "compilemessages", locale=[po.parent.parent.name], verbosity=0,
                        ignore=[".venv", "var", "artifacts", "node_modules", ".git"],
                    )
                finally:
                    os.chdir(previous)
                changed = True
    if changed:
        # Catalogues loaded before compiling are cached per process: forget them.
        trans_real._translations = {}
        trans_real._default = None
        translation.activate(settings.LANGUAGE_CODE)
