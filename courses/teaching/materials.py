"""Workshop materials: files uploaded by the trainers (kept in the database) and links.

A file is accepted only when its extension is one of :data:`EXTENSIONS` and its first bytes are those of that
kind of file, so that a renamed executable or HTML page is never served as a "PDF". The content type sent on
download comes from the extension, never from the uploading browser. Nothing here commits.
"""

import logging
import os
import re
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _

from courses.models import MATERIAL_KINDS, Material, Workshop, WorkshopStatus
from lms.audit import services as audit
from lms.domain import Actor, DomainError
from lms.extensions import db
from lms.tabular import file_size

logger = logging.getLogger(__name__)

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Office 97-2003 (compound file)
# extension -> (content type, signatures the content may start with; None: UTF-8 text)
EXTENSIONS: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (ZIP,)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (ZIP,)),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (ZIP,)),
    "odt": ("application/vnd.oasis.opendocument.text", (ZIP,)),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", (ZIP,)),
    "odp": ("application/vnd.oasis.opendocument.presentation", (ZIP,)),
    "zip": ("application/zip", (ZIP,)),
    "doc": ("application/msword", (OLE,)),
    "xls": ("application/vnd.ms-excel", (OLE,)),
    "ppt": ("application/vnd.ms-powerpoint", (OLE,)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "txt": ("text/plain; charset=utf-8", None),
}
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|]')


def max_bytes() -> int:
    return current_app.config["MATERIAL_MAX_BYTES"]


def safe_filename(filename: str) -> str:
    """The file's own name without any folder, control or reserved characters (kept for the download)."""
    name = _UNSAFE_NAME.sub("_", os.path.basename(filename.replace("\\", "/"))).strip(" .")
    stem, extension = os.path.splitext(name)
    return (stem[:200] or "materi") + extension.lower()


def check_file(filename: str, content: bytes) -> str:
    """The content type of an acceptable material file, or DomainError saying why it is refused."""
    extension = os.path.splitext(filename)[1].lower().lstrip(".")
    if extension not in EXTENSIONS:
        raise DomainError(_("Jenis berkas .%(extension)s tidak diterima. Unggah salah satu dari: %(allowed)s.",
                            extension=extension or "?", allowed=", ".join(EXTENSIONS)), "file")
    if not content:
        raise DomainError(_("Berkas kosong."), "file")
    if len(content) > max_bytes():
        raise DomainError(_("Berkas terlalu besar (%(size)s); batasnya %(limit)s.",
                            size=file_size(len(content)), limit=file_size(max_bytes())), "file")
    content_type, signatures = EXTENSIONS[extension]
    if signatures is None:
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            raise DomainError(_("Berkas .txt harus berupa teks UTF-8."), "file") from None
    elif not content.startswith(signatures):
        raise DomainError(_("Isi berkas tidak sesuai dengan ekstensinya .%(extension)s. Simpan ulang berkas "
                            "dalam format yang benar.", extension=extension), "file")
    return content_type


def check_url(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise DomainError(_("Tautan harus diawali https:// atau http://."), "url")
    if len(url) > 500:
        raise DomainError(_("Tautan terlalu panjang (maksimal 500 karakter)."), "url")
    return url


def _check_common(workshop: Workshop, title: str, kind: str) -> str:
    if workshop.status == WorkshopStatus.CANCELLED:
        raise DomainError(_("Kelas yang dibatalkan tidak dapat diberi materi."))
    if kind not in MATERIAL_KINDS:
        raise DomainError(_("Jenis materi tidak dikenal."), "kind")
    title = title.strip()
    if not title:
        raise DomainError(_("Judul materi wajib diisi."), "title")
    return title[:200]


def add_file(actor: Actor, workshop: Workshop, *, title: str, kind: str, filename: str, content: bytes) -> Material:
    title = _check_common(workshop, title, kind)
    name = safe_filename(filename)
    content_type = check_file(name, content)
    material = Material(workshop_id=workshop.id, title=title, kind=kind, filename=name, content_type=content_type,
                        size=len(content), content=content, created_by_id=actor.id)
    return _added(actor, workshop, material, {"title": title, "kind": kind, "filename": name, "size": len(content)})


def add_link(actor: Actor, workshop: Workshop, *, title: str, kind: str, url: str) -> Material:
    title = _check_common(workshop, title, kind)
    url = check_url(url)
    material = Material(workshop_id=workshop.id, title=title, kind=kind, url=url, created_by_id=actor.id)
    return _added(actor, workshop, material, {"title": title, "kind": kind, "url": url})


def _added(actor: Actor | None, workshop: Workshop, material: Material, values: dict[str, Any]) -> Material:
    db.session.add(material)
    db.session.flush()
    audit.record(actor, "create", "material", material, f"{material.title} – {workshop.title}", values)
    return material


def delete_material(actor: Actor | None, material: Material, workshop: Workshop) -> None:
    audit.record(actor, "delete", "material", material, f"{material.title} – {workshop.title}",
                 {"title": material.title, "filename": material.filename, "url": material.url})
    db.session.delete(material)
    db.session.flush()
    logger.info("material %s of workshop %s deleted", material.id, workshop.id)
