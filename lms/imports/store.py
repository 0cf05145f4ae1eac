"""The stored uploads of every import: kept until the uploader confirms or discards the import, one import kind
never sees another's."""

import logging
import os
import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select

from lms.domain import Actor
from lms.extensions import db, utcnow
from lms.imports import registry
from lms.imports.models import Upload

logger = logging.getLogger(__name__)

UPLOAD_TTL = timedelta(days=1)  # stored uploads nobody confirmed are purged after this


def store_upload(actor: Actor, filename: str, data: bytes, kind: str, scope_id: int | None = None) -> Upload:
    """Keep an uploaded file until it is confirmed or discarded; purge forgotten ones."""
    db.session.execute(delete(Upload).where(Upload.created_at < utcnow() - UPLOAD_TTL))
    upload = Upload(token=secrets.token_urlsafe(32), content=data, uploaded_by_id=actor.id, kind=kind,
                    scope_id=scope_id, filename=os.path.basename(filename.replace("\\", "/"))[:255])
    db.session.add(upload)
    db.session.flush()
    logger.info("%s upload %s stored by user %s", kind, upload.filename, actor.id)
    return upload


def find_upload(token: str, kind: str, lock: bool = False) -> Upload | None:
    """``lock``: hold the row until the transaction ends, so that two confirmations of one upload (a double
    click) run one after the other and the second finds the upload gone."""
    query = select(Upload).where(Upload.token == token, Upload.kind == kind)
    return db.session.scalar(query.with_for_update() if lock else query)


def discard_upload(upload: Upload) -> None:
    db.session.delete(upload)
    db.session.flush()


def can_open_upload(user: Any, slug: str, token: str, **_: Any) -> bool:
    """Access policy: whoever may import this kind of file for the upload's scope; an upload is seen and
    confirmed only by whoever uploaded it, or an admin. An unknown kind or token passes: the view answers 404."""
    import_kind = registry.kind_at(slug)
    upload = find_upload(token, import_kind.name) if import_kind else None
    if import_kind is None or upload is None:
        return True
    if not import_kind.may_import(user, upload.scope_id):
        return False
    return upload.uploaded_by_id == user.id or user.has_role("admin")
