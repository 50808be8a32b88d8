"""Help texts each protocol carries: its seed's signal lists and conversation guides."""
