"""Demo data for a newcomer's first run (``manage.py seed_demo``, called by ``bin/run``).

``definition`` describes the two fictional boards as plain data, ``plan`` expands a board
into exact rows (deterministic Faker names), ``seed`` writes the missing rows.
"""
from .definition import BOARDS, FIXED_LOGINS, PASSWORD
from .seed import BoardSummary, DemoSeedError, seed_demo

__all__ = ["BOARDS", "FIXED_LOGINS", "PASSWORD", "BoardSummary", "DemoSeedError", "seed_demo"]
