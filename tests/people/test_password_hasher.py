"""The password hasher (issue 16): Argon2id with the documented parameters, and old
PBKDF2 hashes upgraded at the next successful log-in (never at a failed one)."""
from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.test import override_settings
from django.urls import reverse

from config import settings as production
from people.models import User
from tests import factories as f

pytestmark = pytest.mark.django_db

PRODUCTION_HASHERS = production.PASSWORD_HASHERS
PASSWORD = "een-lang-en-goed-wachtwoord"  # pragma: allowlist secret


def test_the_production_settings_hash_with_argon2id_19_mib_t2_p1():
    assert PRODUCTION_HASHERS[0] == "people.hashers.Argon2idPasswordHasher"
    with override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS):
        encoded = make_password(PASSWORD)
        assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
        assert check_password(PASSWORD, encoded) and not check_password("fout", encoded)


def test_the_tests_keep_their_fast_hasher():
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _user_with_pbkdf2(board) -> User:
    user = f.make_staff("teacher", branch=board.branch)
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    return user


@override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS)
def test_an_old_pbkdf2_hash_becomes_argon2id_at_the_next_log_in(client, board):
    user = _user_with_pbkdf2(board)
    assert identify_hasher(user.password).algorithm == "pbkdf2_sha256"
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    client.logout()
    assert client.post(reverse("login"), {"username": user.email, "password": PASSWORD}).status_code == 302


@override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS)
def test_a_failed_log_in_upgrades_nothing(client, board):
    user = _user_with_pbkdf2(board)
    before = user.password
    response = client.post(reverse("login"), {"username": user.email, "password": "verkeerd-wachtwoord"})
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.password == before


@override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS)
def test_an_argon2_hash_with_other_parameters_is_brought_to_ours(client, board):
    """Django's own Argon2 defaults (100 MiB, 8 lanes) are re-hashed with ours too."""
    from django.contrib.auth.hashers import Argon2PasswordHasher

    user = f.make_staff("teacher", branch=board.branch)
    user.password = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    user.save(update_fields=["password"])
    assert "m=102400" in user.password
    assert client.post(reverse("login"), {"username": user.email, "password": PASSWORD}).status_code == 302
    user.refresh_from_db()
    assert "m=19456,t=2,p=1" in user.password
