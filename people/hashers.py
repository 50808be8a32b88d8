"""The password hasher, chosen deliberately (issue 16).

Argon2id, as Django's documentation and OWASP's Password Storage Cheat Sheet recommend:
memory-hard, so guessing a stolen hash on GPUs or ASICs costs memory as well as time,
which PBKDF2 does not. Parameters: OWASP's first recommended set, 19 MiB of memory, two
passes, one lane (m=19456, t=2, p=1). On our 2-CPU machine a log-in then costs about
30 ms of CPU instead of the 230–470 ms of PBKDF2 with 1,000,000 iterations, and one
log-in holds 19 MiB for that moment (Django's own Argon2 defaults take 100 MiB and
eight lanes, which a 4-worker web node under a morning log-in rush should not carry).

The old hashers stay in PASSWORD_HASHERS (config/settings.py) so existing PBKDF2 hashes
still verify; Django re-hashes a password with this hasher at the next successful log-in.
argon2-cffi (the maintained binding of the reference implementation) does the work.
"""
from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idPasswordHasher(Argon2PasswordHasher):
    """Django's Argon2 hasher (already Argon2id) with OWASP's 19 MiB / t=2 / p=1."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
