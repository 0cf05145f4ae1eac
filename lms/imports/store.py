"""The stored uploads of every import: kept until the uploader confirms or discards the import, one import kind
never sees another's."""

import logging
import os
import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select

from lms.access import hr_or_admin
from lms.audit import services as audit
from lms.domain import Actor
from lms.extensions import db, utcnow
from lms.imports.models import Upload

logger = logging.getLogger(__name__)

UPLOAD_TTL = timedelta(days=1)  # stored uploads nobody confirmed are purged after this


def store_upload(actor: Actor, filename: str, data: bytes, kind: str) -> Upload:
    """Keep an uploaded file until it is confirmed or discarded; purge forgotten ones."""
    db.session.execute(delete(Upload).where(Upload.created_at < utcnow() - UPLOAD_TTL))
    upload = Upload(token=secrets.token_urlsafe(32), content=data, uploaded_by_id=actor.id, kind=kind,
                    filename=os.path.basename(filename.replace("\\", "/"))[:255])
    db.session.add(upload)
    db.session.flush()
    logger.info("%s upload %s stored by %s", kind, upload.filename, audit.actor_label(actor))
    return upload


def find_upload(token: str, kind: str, lock: bool = False) -> Upload | None:
    """``lock``: hold the row until the transaction ends, so that two confirmations of one upload (a double
    click) run one after the other and the second finds the upload gone."""
    query = select(Upload).where(Upload.token == token, Upload.kind == kind)
    return db.session.scalar(query.with_for_update() if lock else query)


def upload_owner_id(token: str) -> int | None:
    return db.session.scalar(select(Upload.uploaded_by_id).where(Upload.token == token))


def discard_upload(upload: Upload) -> None:
    db.session.delete(upload)
    db.session.flush()


def can_open_upload(user: Any, token: str, **_: Any) -> bool:
    """Access policy: HR and admins; an upload is seen and confirmed only by whoever uploaded it, or an admin."""
    if not hr_or_admin(user):
        return False
    owner_id = upload_owner_id(token)
    return owner_id is None or owner_id == user.id or user.has_role("admin")  # None: the view answers 404
