"""Importing students, staff and classes from the student information system (SOMtoday,
Magister …): read with tablib, mapped with the organisation's saved column mapping, planned
as a dry run, then applied in one transaction — or, when anything is wrong, not at all."""
from .kinds import FIELDS, Kind, fields_of, guess_mapping
from .plan import CREATE, ERROR, UNCHANGED, UPDATE, ImportPlan, RowPlan
from .reading import Table, read_table
from .services import (
    apply_import,
    can_import,
    import_branches,
    mapping_for,
    mapping_save,
    plan_import,
    sign_table,
    unsign_table,
)

__all__ = [
    "CREATE", "ERROR", "FIELDS", "UNCHANGED", "UPDATE", "ImportPlan", "Kind", "RowPlan", "Table",
    "apply_import", "can_import", "fields_of", "guess_mapping", "import_branches", "mapping_for",
    "mapping_save", "plan_import", "read_table", "sign_table", "unsign_table",
]
