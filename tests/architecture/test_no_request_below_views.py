"""Services, selectors, forms and tasks never see the HTTP request (issue 15, item 3).

The web layer (views, API views, middleware, context processors) turns the request into
the acting user and a ``people.audit.AuditContext``; everything below takes those. This
scan reads every module of the four apps and fails on a function with a parameter named
``request`` (or an import of HttpRequest) outside the web layer, so a new service can't
quietly start taking the request again.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("people", "protocol", "incidents", "monitoring")

#: The web layer: modules whose job is to handle requests.
WEB_MODULE_NAMES = {"views.py", "api.py", "urls.py", "api_urls.py", "middleware.py", "otp_middleware.py",
                    "context_processors.py", "errors.py"}
WEB_PACKAGES = {"views", "api"}

#: Below the web layer but given the request by Django itself, each for a reason.
ALLOWED = {
    "people/audit.py": "builds the AuditContext from the request (audit_context)",
    "people/client_ip.py": "the one rule for the client's address",
    "people/api_auth.py": "DRF authentication and permission classes receive the request",
    "people/signals.py": "Django's user_logged_in/out/login_failed signals send the request",
    "people/forms.py": "Django's AuthenticationForm and django-axes' authenticate() take the request",
    "people/notification_context.py": "a context processor (people.context_processors)",
    "people/password_reset.py": "a Django view subclass (rate limit per address)",
    "incidents/public/guards.py": "rate limits of the public report views (address never stored)",
    "monitoring/slips.py": "site_of: the address the browser used, for the printed slips' link",
}


def _modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if "/migrations/" in rel or "/templatetags/" in rel:
                continue
            parts = rel.split("/")
            web = (parts[-1] in WEB_MODULE_NAMES or parts[-1].startswith("views_")
                   or any(p in WEB_PACKAGES for p in parts[1:-1]))
            yield rel, path, web


def _offences(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            args = node.args
            names = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
            if "request" in names:
                found.append(f"{node.name}(request)")
        elif isinstance(node, ast.ImportFrom | ast.Import):
            found += [f"import {a.name}" for a in node.names if a.name == "HttpRequest"]
    return found


def test_it_keeps_the_request_out_of_services_selectors_forms_and_tasks():
    offences = {
        rel: _offences(path) for rel, path, web in _modules() if not web and rel not in ALLOWED
    }
    offences = {rel: found for rel, found in offences.items() if found}
    assert offences == {}, "take the acting user and audit: AuditContext | None instead of the request"


def test_it_scans_the_service_modules_it_means_to():
    # Guard against the scan silently reading nothing (a moved app, a wrong root).
    scanned = {rel for rel, _path, web in _modules() if not web}
    assert {"incidents/services/cases.py", "incidents/selectors.py", "people/otp/services.py",
            "monitoring/codes.py", "protocol/region_services.py"} <= scanned


def test_it_would_catch_a_service_that_takes_the_request(tmp_path):
    module = tmp_path / "services.py"
    module.write_text("from django.http import HttpRequest\n\ndef thing_create(*, acting_user, request=None):\n    pass\n")
    assert sorted(_offences(module)) == ["import HttpRequest", "thing_create(request)"]


def test_the_allowed_modules_still_exist():
    for rel in ALLOWED:
        assert (ROOT / rel).exists(), f"{rel} is gone: drop it from ALLOWED"
