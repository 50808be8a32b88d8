"""The inspection report: a branch's (or the organisation's) social-safety account for one
school year, as PDF, HTML page and CSV tables. See figures.py for what every number means."""
