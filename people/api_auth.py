"""DRF authentication that also activates the user's organisation.

The tenant middleware runs before DRF authenticates, so a request that carries
``Authorization: Token …`` reaches it anonymous. These classes activate the user's
organisation as soon as DRF has authenticated them, for every API view in the project,
so row-level security lets the request see its own tenant's rows and nothing else.
Token first: an anonymous request then gets 401 with ``WWW-Authenticate: Token``.
"""
from __future__ import annotations

from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import IsAuthenticated

from . import api_tokens, tenancy


def _activate(request, user) -> None:
    org_id = getattr(user, "organisation_id", None)
    django_request = getattr(request, "_request", request)
    if org_id is not None and getattr(django_request, "organisation_id", None) != org_id:
        tenancy.activate(org_id)
        django_request.organisation_id = org_id


class TenantTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>`` against people.api_tokens: the key's hash, expiry,
    password and role fingerprints, and the session's two-factor rule on every request."""

    def authenticate(self, request):
        self._request = request
        result = super().authenticate(request)
        if result is not None:
            _activate(request, result[0])
        return result

    def authenticate_credentials(self, key):
        token = api_tokens.token_lookup(key)
        if token is None:
            raise AuthenticationFailed(str(api_tokens.INVALID))
        # Roles are tenant rows: activate the organisation before reading them.
        _activate(self._request, token.user)
        problem = api_tokens.token_problem(token, second_factor_required=_needs_second_factor)
        if problem is not None:
            raise AuthenticationFailed(problem)
        return token.user, token


def _needs_second_factor(user) -> bool:
    # The session's rule (people.otp.services.needs_verification) for a token.
    from people.otp import services as otp_services

    return otp_services.is_required(user) or otp_services.has_device(user)


class TenantSessionAuthentication(SessionAuthentication):
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            _activate(request, result[0])
        return result


class TenantIsAuthenticated(IsAuthenticated):
    """The default permission: authenticated, and the user's organisation active.

    Also covers requests authenticated without the classes above (DRF's
    ``force_authenticate`` in tests), because permissions run after authentication."""

    def has_permission(self, request, view):
        allowed = super().has_permission(request, view)
        if allowed:
            _activate(request, request.user)
        return allowed
