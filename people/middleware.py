"""Every request runs in one transaction with its organisation activated (people.tenancy)."""
from __future__ import annotations

from django.db import transaction

from . import tenancy


class TenantMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        org_id = getattr(user, "organisation_id", None) if user is not None and user.is_authenticated else None
        request.organisation_id = org_id
        with transaction.atomic():
            tenancy.activate(org_id)
            try:
                response = self.get_response(request)
                if response.status_code >= 500:
                    # Django turned an exception into this response inside us: write nothing.
                    transaction.set_rollback(True)
                return response
            finally:
                tenancy._current.set(None)
