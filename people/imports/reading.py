"""Reading an uploaded export (CSV or Excel) into rows, through tablib.

Every problem with the file as a whole is a ValidationError with a Dutch message; nothing
is written. Row numbers are those a person sees in a spreadsheet: the header is row 1.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import tablib
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from tablib.core import InvalidDimensions

MAX_BYTES = 10 * 1024 * 1024
FORMATS = ("csv", "xlsx")
#: Bounds that keep one import within seconds of a web worker's time. A board's student
#: export (15,000 students, 20 columns) is far below them. An .xlsx is a zip of XML: a
#: 10 MB file can unpack to gigabytes, or claim a million rows, so both are checked
#: before and while reading, not after.
MAX_ROWS = 30_000
MAX_COLUMNS = 100
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
TOO_MANY_ROWS = "Het bestand heeft meer dan %(max)s rijen. Splits het, bijvoorbeeld per vestiging, en importeer de delen na elkaar."
TOO_MANY_COLUMNS = "Het bestand heeft meer dan %(max)s kolommen. Exporteer alleen de kolommen die nodig zijn."
UNPACKS_TOO_LARGE = "Dit Excel-bestand is uitgepakt groter dan %(max)s MB. Exporteer het als CSV, of splits het."


@dataclass(frozen=True)
class Table:
    """The file's header row and data rows (cells as text; Excel dates stay dates)."""

    name: str
    headers: list[str]
    #: (row number in the file, cells) — completely empty rows are left out
    rows: list[tuple[int, list[object]]]

    def as_data(self) -> dict:
        """A JSON-safe form (dates as ISO text), to carry between preview and apply."""
        return {
            "name": self.name,
            "headers": self.headers,
            "rows": [[n, [_to_json(c) for c in cells]] for n, cells in self.rows],
        }

    @classmethod
    def from_data(cls, data: dict) -> Table:
        return cls(
            name=data["name"],
            headers=list(data["headers"]),
            rows=[(int(n), [_from_json(c) for c in cells]) for n, cells in data["rows"]],
        )


def _to_json(value):
    if isinstance(value, dt.datetime):
        return {"d": value.date().isoformat()}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    return value


def _from_json(value):
    if isinstance(value, dict) and "d" in value:
        return dt.date.fromisoformat(value["d"])
    return value


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("Het bestand kon niet worden gelezen: onbekende tekenset. Sla het op als CSV (UTF-8)."))


def _delimiter(text: str) -> str:
    """Dutch Excel writes ';', SOMtoday and Magister often ','; take what the header uses most."""
    first = text.split("\n", 1)[0]
    return max((";", ",", "\t"), key=first.count)


def read_table(*, name: str, content: bytes) -> Table:
    """The rows of an uploaded ``.csv`` or ``.xlsx`` file, or a ValidationError saying why not."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in FORMATS:
        raise ValidationError(_("Dit is geen CSV- of Excel-bestand (.csv of .xlsx). Exporteer het bestand opnieuw."))
    if len(content) > MAX_BYTES:
        raise ValidationError(_("Het bestand is groter dan 10 MB."))
    if not content.strip():
        raise ValidationError(_("Het bestand is leeg."))
    dataset = tablib.Dataset()
    try:
        if extension == "csv":
            if b"\x00" in content[:4096]:
                raise ValidationError(_("Dit is geen CSV-bestand: het bevat binaire gegevens."))
            text = _decode(content)
            dataset.load(text, format="csv", delimiter=_delimiter(text))
        else:
            if not content.startswith(b"PK"):
                raise ValidationError(_("Dit is geen geldig Excel-bestand (.xlsx)."))
            _load_xlsx(dataset, content)
    except InvalidDimensions:
        raise ValidationError(
            _("Rij %(row)s heeft meer kolommen dan de kopregel.") % {"row": dataset.height + 2}
        ) from None
    except ValidationError:
        raise
    except Exception:  # a broken zip, a damaged workbook, a CSV the csv module refuses
        raise ValidationError(_("Het bestand kon niet worden gelezen. Controleer of het een CSV- of Excel-bestand is.")) from None

    if dataset.height > MAX_ROWS:
        raise ValidationError(_(TOO_MANY_ROWS) % {"max": MAX_ROWS})
    if dataset.width > MAX_COLUMNS:
        raise ValidationError(_(TOO_MANY_COLUMNS) % {"max": MAX_COLUMNS})
    headers = [str(h).strip() if h is not None else "" for h in (dataset.headers or [])]
    if not any(headers):
        raise ValidationError(_("Het bestand heeft geen kopregel met kolomnamen."))
    seen: set[str] = set()
    for header in headers:
        if header and header.lower() in seen:
            raise ValidationError(_("De kolom ‘%(name)s’ komt twee keer voor in de kopregel.") % {"name": header})
        seen.add(header.lower())
    rows = []
    for index, row in enumerate(dataset, start=2):
        cells = [_clean(c) for c in row]
        if any(c not in ("", None) for c in cells):
            rows.append((index, cells))
    if not rows:
        raise ValidationError(_("Het bestand bevat alleen een kopregel en geen gegevens."))
    return Table(name=name, headers=headers, rows=rows)


def _load_xlsx(dataset: tablib.Dataset, content: bytes) -> None:
    """The first sheet into ``dataset`` (first row: headers), reading at most MAX_ROWS + 1
    rows and MAX_COLUMNS columns, after checking what the zip unpacks to."""
    import zipfile

    import openpyxl

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        members = archive.infolist()
        if len(members) > 500 or sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
            raise ValidationError(_(UNPACKS_TOO_LARGE) % {"max": MAX_UNPACKED_BYTES // (1024 * 1024)})
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        sheet = workbook.active
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1)
        header = next(rows, None)
        if header is None:
            return
        header = list(header)
        while header and header[-1] is None:  # openpyxl pads to the sheet's widest row
            header.pop()
        if len(header) > MAX_COLUMNS:
            raise ValidationError(_(TOO_MANY_COLUMNS) % {"max": MAX_COLUMNS})
        dataset.headers = header
        width = len(header)
        for count, row in enumerate(rows, start=1):
            if count > MAX_ROWS:
                raise ValidationError(_(TOO_MANY_ROWS) % {"max": MAX_ROWS})
            cells = list(row)
            if any(c is not None for c in cells[width:]):
                raise InvalidDimensions
            dataset.append((cells + [None] * width)[:width])
    finally:
        workbook.close()


def _clean(cell):
    if cell is None:
        return ""
    if isinstance(cell, (dt.date, dt.datetime)):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))  # Excel stores leerlingnummers as numbers
    return str(cell).strip()
