"""What every dossier endpoint shares: authentication, the tenant, ids, and the 409 answers."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from people.audit import AuditContext, audit_context
from people.ids import id_or_404
from protocol.selectors import definition_of

from ..errors import ProtocolRefusal, TransitionConflict
from ..vocab import lang

NOT_ALLOWED_YET = _("Het protocol staat dit (nog) niet toe. Zie hieronder wat er nog ontbreekt.")


class DossierAPIView(GenericAPIView):
    """Base of the dossier endpoints.

    * Authentication (people.api_auth, token first so an anonymous request gets 401)
      activates the user's organisation for the request's transaction.
    * The case services' own exceptions become 409 here; everything else goes to the
      project's exception handler (people.api_errors).
    """

    def handle_exception(self, exc):
        if isinstance(exc, ProtocolRefusal):
            return Response({"detail": str(NOT_ALLOWED_YET), "unmet": list(exc.messages)}, status=status.HTTP_409_CONFLICT)
        if isinstance(exc, TransitionConflict):
            return Response(
                {"detail": str(exc.message), "current_step": self._step(exc.current_step)},
                status=status.HTTP_409_CONFLICT,
            )
        return super().handle_exception(exc)

    def _step(self, step_key: str) -> dict:
        case = getattr(self, "case", None)
        try:
            step = definition_of(case).step(step_key)
        except (AttributeError, KeyError):
            return {"key": step_key, "label": step_key, "number": ""}
        return {"key": step_key, "label": step.label.get(lang()), "number": step.number}

    def audit_context(self) -> AuditContext:
        """Where this call came from, for the audit trail (people.audit; built once per request)."""
        return audit_context(self.request)


def pk_of(value) -> int:
    """A URL id as a number, or 404 (never a 500 for ``abc`` or an absurdly long number)."""
    return id_or_404(str(value))
