"""The dossier's REST API (/api/v1/signals/, /api/v1/cases/, /api/v1/evidence/)."""
