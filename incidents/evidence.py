"""Checking and storing evidence files (screenshots, documents of digital bullying).

A file is accepted only when its content is what its name says: an image that Pillow can
open (PNG, JPEG, GIF, WebP) or a PDF, within the size limit. It is stored under a random
name in private storage and served only through a permission-checked view.
"""
from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_FILES = 10
#: A screenshot of a 4K screen is 8 megapixels, a phone photo 12-50: 60 is plenty.
MAX_PIXELS = 60_000_000

#: Pillow format -> (content type, accepted extensions)
IMAGE_TYPES = {
    "PNG": ("image/png", {".png"}),
    "JPEG": ("image/jpeg", {".jpg", ".jpeg"}),
    "GIF": ("image/gif", {".gif"}),
    "WEBP": ("image/webp", {".webp"}),
}
PDF = ("application/pdf", {".pdf"})


@dataclass(frozen=True)
class CheckedFile:
    upload: object
    name: str
    content_type: str
    size: int
    sha256: str


def _extension(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


def check_upload(upload) -> CheckedFile:
    name = (getattr(upload, "name", "") or "bestand").rsplit("/", 1)[-1][:200]
    size = upload.size
    max_bytes = settings.EVIDENCE_MAX_BYTES
    if size > max_bytes:
        raise ValidationError(
            _("%(name)s is te groot (%(size)s MB). Het maximum is %(max)s MB.")
            % {"name": name, "size": round(size / 1_048_576, 1), "max": max_bytes // 1_048_576}
        )
    if size == 0:
        raise ValidationError(_("%(name)s is leeg.") % {"name": name})
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    ext = _extension(name)
    if head.startswith(b"%PDF-"):
        content_type, extensions = PDF
    else:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(upload) as image:
                    width, height = image.size
                    if width * height > MAX_PIXELS:
                        raise Image.DecompressionBombError(f"{width}x{height}")
                    image.verify()
                    fmt = image.format
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            # A small file that claims e.g. 40000 x 40000 pixels would take gigabytes to
            # unpack wherever it is shown: refuse it with a plain message.
            upload.seek(0)
            raise ValidationError(
                _("%(name)s heeft te veel beeldpunten (meer dan %(max)s megapixel). Maak een kleinere schermafbeelding of sla hem op als PDF.")
                % {"name": name, "max": MAX_PIXELS // 1_000_000}
            ) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise ValidationError(
                _("%(name)s is geen afbeelding of PDF. Voeg een schermafbeelding (PNG, JPG, GIF, WebP) of een PDF toe.")
                % {"name": name}
            ) from None
        finally:
            upload.seek(0)
        if fmt not in IMAGE_TYPES:
            raise ValidationError(_("%(name)s: dit soort afbeelding wordt niet ondersteund.") % {"name": name})
        content_type, extensions = IMAGE_TYPES[fmt]
    if ext not in extensions:
        raise ValidationError(
            _("De inhoud van %(name)s past niet bij de bestandsnaam. Controleer of het het juiste bestand is.")
            % {"name": name}
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(upload=upload, name=name, content_type=content_type, size=size, sha256=digest.hexdigest())


def check_uploads(uploads) -> list[CheckedFile]:
    uploads = list(uploads or [])
    if len(uploads) > MAX_FILES:
        raise ValidationError(_("Voeg ten hoogste %(n)s bestanden tegelijk toe.") % {"n": MAX_FILES})
    return [check_upload(u) for u in uploads]
