"""The thermometer's REST API: rounds and codes (staff), drafts and submission (anonymous)."""
