"""Two-factor log-in in Chromium: a coordinator sets up an authenticator app (the key read
from the page, the code computed as the app would), keeps the recovery codes, logs out,
and logs in again with password and code — on a phone, under the strict CSP."""
from __future__ import annotations

import base64
import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone
from django_otp.oath import totp

from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def csp_errors(browser_page) -> list[str]:
    return [e for e in browser_page.console_errors if "Content Security Policy" in e or "Refused" in e]


def app_code(secret: str, at: dt.datetime) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    # The app's code at ``at``: TOTP counts 30-second steps since t0.
    return f"{totp(key, t0=int(timezone.now().timestamp() - at.timestamp())):06d}"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.OTP_REQUIRED_FOR_DOSSIER_ROLES = True


def test_a_coordinator_sets_up_the_app_and_logs_in_with_a_code(phone, board):
    p = phone.page
    phone.log_in(board.coordinator.email, f.PASSWORD)
    assert p.url.startswith(phone.base_url + "/tweestapsverificatie/instellen/")
    assert p.locator("h1").inner_text() == "Tweestapsverificatie instellen"
    assert p.locator(".qr svg").is_visible()
    assert p.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot("two-factor-setup-phone")
    secret = p.locator("#otp-secret").inner_text().replace(" ", "")

    p.get_by_label("Code uit de app").fill("123456")
    p.get_by_role("button", name="Bevestigen").click()
    p.wait_for_load_state()
    assert "Deze code klopt niet" in p.locator(".field-error").inner_text()
    p.wait_for_timeout(1200)  # django-otp waits 1 second after a wrong code

    p.get_by_label("Code uit de app").fill(app_code(secret, timezone.now()))
    p.get_by_role("button", name="Bevestigen").click()
    p.wait_for_load_state()
    assert p.locator("h1").inner_text() == "Uw herstelcodes"
    codes = [c.strip() for c in p.locator("#recovery-codes li").all_inner_texts()]
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-7]{8}", c) for c in codes)
    assert p.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot("two-factor-recovery-codes-phone")
    p.get_by_role("link", name="Ik heb ze bewaard, verder").click()
    p.wait_for_load_state()
    assert p.locator("h1").inner_text().startswith("Vandaag")

    # Log out, log in again: now the code page follows the password.
    p.locator("header").get_by_role("button", name="Uitloggen").click()
    p.wait_for_load_state()
    phone.log_in(board.coordinator.email, f.PASSWORD)
    assert p.url.startswith(phone.base_url + "/inloggen/code/")
    phone.screenshot("two-factor-verify-phone")
    # A code of the next 30-second step (the app's clock may run a little ahead; the
    # server accepts one step either side, and never the step already used).
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=31), tick=True):
        p.locator("#id_code").fill(app_code(secret, timezone.now()))
        p.get_by_role("button", name="Inloggen").click()
        p.wait_for_load_state()
    assert p.locator("h1").inner_text().startswith("Vandaag")
    assert csp_errors(phone) == []


def test_a_recovery_code_logs_in_when_the_phone_is_lost(page, board):
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=board.coordinator, name="Authenticator-app", confirmed=True)
    static = StaticDevice.objects.create(user=board.coordinator, name="Herstelcodes", confirmed=True)
    StaticToken.objects.create(device=static, token="k3q7m2xa")
    p = page.page
    page.log_in(board.coordinator.email, f.PASSWORD)
    p.locator("#id_code").fill("K3Q7 M2XA")
    p.get_by_role("button", name="Inloggen").click()
    p.wait_for_load_state()
    assert p.locator("h1").inner_text().startswith("Vandaag")
    assert "U heeft er nog 0 over" in p.content()
    page.screenshot("two-factor-recovery-login-desktop")
    assert csp_errors(page) == []
