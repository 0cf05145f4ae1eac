from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from lms.extensions import db, utcnow


class Upload(db.Model):
    """An uploaded file waiting for its uploader to confirm the import (``kind``: which import; ``scope_id``: the
    record it is for, when the kind has one, e.g. the class whose scores it holds).

    The bytes live in the database, not on disk, because app servers are stateless: the preview and the
    confirmation may be served by different processes. Confirmed or discarded uploads are deleted; forgotten
    ones are purged by :func:`lms.imports.store.store_upload` after a day. (The table keeps the name it had when
    the roster was the only import.)
    """

    __tablename__ = "roster_uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="roster", server_default="roster")
    scope_id: Mapped[int | None] = mapped_column(Integer)  # what the import is for, by kind (a class's scores)
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"<Upload {self.kind} {self.filename}>"
