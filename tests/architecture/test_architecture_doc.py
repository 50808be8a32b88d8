"""The walk-through in docs/architecture.md and the README's architecture section name
real code (issue 15, "How we will know"): every ``module.path:name`` must import and
resolve, every file path must exist, so a rename that forgets the docs fails here."""
from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "architecture.md"
README = ROOT / "README.md"

#: `incidents.services.cases:case_transition`, `incidents.api.views:CaseTransitionView.post`
REFERENCE = re.compile(r"`([a-z_][\w]*(?:\.[\w]+)*):([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)`")
#: `monitoring/submission.py`, `protocol/engine`, `static/js/thermometer.js`
FILE = re.compile(r"`((?:people|protocol|incidents|monitoring|config|static|docs|bin|bench)/[\w./-]*)`")
#: `people.middleware.TenantMiddleware`, `people.tenancy.tenant_context(org)`
DOTTED = re.compile(r"`((?:people|protocol|incidents|monitoring|config)(?:\.[A-Za-z_]\w*)+)(?:\([^`]*\))?`")


def resolve(module_path: str, name: str):
    target = importlib.import_module(module_path)
    for part in name.split("."):
        target = getattr(target, part)
    return target


def resolve_dotted(dotted: str):
    """The longest importable prefix, then attributes."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for part in parts[cut:]:
            target = getattr(target, part)
        return target
    raise ImportError(dotted)


def architecture_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## Architecture")
    end = text.find("\n## ", start + 1)
    return text[start:] if end == -1 else text[start:end]


def test_the_walk_through_names_real_functions():
    references = REFERENCE.findall(DOC.read_text(encoding="utf-8"))
    assert len(references) >= 30  # the parse found the references (a format change would hide them)
    missing = []
    for module_path, name in sorted(set(references)):
        try:
            resolve(module_path, name)
        except (ImportError, AttributeError) as error:
            missing.append(f"{module_path}:{name} ({error})")
    assert missing == []


def test_the_walk_through_covers_url_to_celery():
    text = DOC.read_text(encoding="utf-8")
    for stop in ("incidents.urls:urlpatterns", "incidents.access:get_case_for_user", "incidents.forms:TransitionForm",
                 "incidents.services.cases:case_transition", "protocol.engine:evaluate",
                 "incidents.followups:followups_sync", "people.audit:audit_log", "transaction.on_commit",
                 "incidents.tasks:scan_followups"):
        assert stop in text, stop


def test_the_readme_links_the_walk_through_and_its_paths_exist():
    section = architecture_section()
    assert "docs/architecture.md" in section
    paths = FILE.findall(section)
    assert paths
    assert [p for p in paths if not (ROOT / p.rstrip("/")).exists()] == []


def test_the_readme_names_real_code():
    dotted = DOTTED.findall(architecture_section())
    assert dotted
    missing = []
    for name in sorted(set(dotted)):
        try:
            resolve_dotted(name)
        except (ImportError, AttributeError) as error:
            missing.append(f"{name} ({error})")
    assert missing == []


def test_a_stale_reference_is_caught():
    with pytest.raises(AttributeError):
        resolve("incidents.services.cases", "case_advance_that_was_renamed")
    with pytest.raises(ImportError):
        resolve("incidents.no_such_module", "anything")
