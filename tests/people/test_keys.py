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


def _survey_codes(board, count=2):
    import datetime as dt

    from django.utils import timezone

    from monitoring import services as monitoring_services
    from monitoring.models import RoundClass

    now = timezone.now()
    with board.tenant():
        survey = monitoring_services.round_create(
            organisation=board.organisation, acting_user=board.coordinator, name="Thermometer",
            opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=7), class_ids=[board.school_class.pk])
        rc = RoundClass.objects.get(round=survey)
        return monitoring_services.codes_issue(round_class=rc, count=count, acting_user=board.coordinator)


def test_a_printed_survey_slip_survives_rotating_the_secret_key_and_the_ring(client, board, settings):
    _ring(settings, keys.SURVEY_CODES, OLD)
    old_code, other_old = _survey_codes(board)
    settings.SECRET_KEY = "a-completely-new-secret-key-after-rotation-0123456789"  # pragma: allowlist secret
    _ring(settings, keys.SURVEY_CODES, NEW, OLD)
    (new_code, _spare) = _survey_codes(board)
    for code in (old_code, new_code):
        response = client.post("/thermometer/", {"code": code})
        assert response.status_code == 303, response.content[:300]
        client.cookies.clear()
    # A code whose key left the ring is unknown, with the student's message.
    _ring(settings, keys.SURVEY_CODES, NEW)
    refused = client.post("/thermometer/", {"code": other_old})
    assert refused.status_code == 200 and "Deze code kennen we niet" in refused.content.decode()


def test_a_code_revoked_by_staff_is_found_under_an_older_key(board, settings):
    from monitoring import services as monitoring_services
    from monitoring.models import AccessCode

    _ring(settings, keys.SURVEY_CODES, OLD)
    code, _spare = _survey_codes(board)
    _ring(settings, keys.SURVEY_CODES, NEW, OLD)
    with board.tenant():
        monitoring_services.code_revoke(code=code, acting_user=board.coordinator)
        assert AccessCode.objects.filter(revoked=True).count() == 1


def test_a_draft_is_sealed_with_a_real_aead_and_opens_only_with_its_secret():
    from monitoring import drafts

    sealed = drafts.seal("secret-of-one-student", {"gender": "girl", "answers": {"s1_1": 3}})
    assert "girl" not in sealed
    assert drafts.unseal("secret-of-one-student", sealed) == {"gender": "girl", "answers": {"s1_1": 3}}
    assert drafts.unseal("secret-of-another-student", sealed) == {}
    tampered = sealed[:-4] + ("AAAA" if not sealed.endswith("AAAA") else "BBBB")
    assert drafts.unseal("secret-of-one-student", tampered) == {}
    assert drafts.unseal("secret-of-one-student", "not base64 at all!") == {}
