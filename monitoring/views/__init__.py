"""Pages of the monitoring app, one module per area (student, rounds, talk requests, dashboards).

urls.py imports the modules themselves, so each area can be added without touching this file."""
