"""Keys that survive rotation: codes on paper are keyed with rings of their own (people.keys).

Rotating SECRET_KEY voids no report receipt (or survey slip, or status code); rotating a
ring keeps older codes working while their key stays on it; without a ring in the
environment the digests are the ones this installation made before rings existed.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import subprocess
import sys
from pathlib import Path

import pytest

from incidents.public import receipts, selectors
from incidents.public.services import ReportInput, report_create
from people import keys
from people.checks import check_key_rings

ROOT = Path(__file__).resolve().parents[2]
OLD = ("2026a", "o" * 40)  # pragma: allowlist secret (test-only)
NEW = ("2026b", "n" * 40)  # pragma: allowlist secret (test-only)

pytestmark = pytest.mark.django_db


def _ring(settings, purpose, *pairs):
    settings.HMAC_KEY_RINGS = {**settings.HMAC_KEY_RINGS, purpose: list(pairs)}


def _report(board):
    with board.tenant():
        report, code = report_create(branch=board.branch, data=ReportInput(
            reporter_kind="student", about="me", description="Ze lachen me elke pauze uit in de kantine."))
    return report, code


def _find(board, code):
    with board.tenant():
        return selectors.report_by_receipt(board.branch, code)


def test_a_receipt_survives_rotating_the_secret_key(board, settings):
    _ring(settings, keys.REPORT_RECEIPTS, OLD)
    report, code = _report(board)
    settings.SECRET_KEY = "a-completely-new-secret-key-after-rotation-0123456789"  # pragma: allowlist secret
    assert _find(board, code) == report


def test_a_receipt_survives_rotating_its_ring_while_the_old_key_stays(board, settings):
    _ring(settings, keys.REPORT_RECEIPTS, OLD)
    old_report, old_code = _report(board)
    _ring(settings, keys.REPORT_RECEIPTS, NEW, OLD)
    new_report, new_code = _report(board)
    assert _find(board, old_code) == old_report
    assert _find(board, new_code) == new_report
    # New receipts are made with the newest key only.
    assert new_report.receipt_digest == keys.digests(keys.REPORT_RECEIPTS, b"incidents.public.receipt:" + receipts.normalise(new_code).encode())[0]
    # Taking the old key off the ring retires its receipts.
    _ring(settings, keys.REPORT_RECEIPTS, NEW)
    assert _find(board, old_code) is None
    assert _find(board, new_code) == new_report


def test_without_a_ring_the_digest_is_the_one_made_before_rings(settings):
    # config.settings: no REPORT_RECEIPT_KEYS in the environment -> the SECRET_KEY key.
    assert settings.HMAC_KEY_RINGS[keys.REPORT_RECEIPTS] == [(settings.FALLBACK_KEY_ID, settings.SECRET_KEY)]
    legacy = hmac.new(settings.SECRET_KEY.encode(), b"incidents.public.receipt:ABCDEFGHJKMN", hashlib.sha256).hexdigest()
    assert receipts.digest("abcd-efgh-jkmn") == legacy


def test_the_deploy_check_asks_for_rings_of_their_own(settings):
    ids = {w.id for w in check_key_rings()}
    assert len(ids) == 3
    settings.HMAC_KEY_RINGS = {p: [OLD] for p in (keys.SURVEY_CODES, keys.REPORT_RECEIPTS, keys.STATUS_CODES)}
    assert check_key_rings() == []


def test_a_malformed_ring_is_refused_at_start_with_what_to_fix():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_DEBUG": "1",
           "SURVEY_CODE_KEYS": "just-a-secret-without-id"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "SURVEY_CODE_KEYS: write each key as 'id:secret'" in result.stderr
