"""Writing audit entries. Callers pass the acting user explicitly; entries join the caller's transaction."""

import logging
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert

from lms.audit.models import AuditEntry
from lms.domain import Actor
from lms.extensions import db, utcnow

logger = logging.getLogger(__name__)


def _plain(value: Any) -> Any:
    """JSON-friendly form of a column value."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def snapshot(obj: Any, fields: Iterable[str]) -> dict[str, Any]:
    return {field: _plain(getattr(obj, field)) for field in fields}


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changed."""
    return {key: [before.get(key), value] for key, value in after.items() if before.get(key) != value}


def actor_label(actor: Actor) -> str:
    if actor is None:
        return "sistem"
    return f"{actor.display_name} ({actor.login_name})"


def entry_values(
    actor: Actor | None,
    action: str,
    entity_type: str,
    entity_id: int | None,
    entity_label: str,
    changes: Mapping[str, Any] | None = None,
    note: str = "",
) -> dict[str, Any]:
    return {
        "created_at": utcnow(),
        "actor_id": getattr(actor, "id", None),
        "actor_label": actor_label(actor),
        "action": action,
        "entity_type": entity_type,
        "entity_id": entity_id,
        "entity_label": entity_label[:250],
        "changes": dict(changes or {}),
        "note": note,
    }


def record(actor: Actor | None, action: str, entity_type: str, entity: Any, label: str,
           changes: Mapping[str, Any] | None = None, note: str = "") -> None:
    """Add one audit entry for ``entity`` (flushed so that its id is known)."""
    db.session.flush()
    values = entry_values(actor, action, entity_type, getattr(entity, "id", None), label, changes, note)
    db.session.add(AuditEntry(**values))
    # ids, never the label: it names people by name and NIP (the audit table keeps it; log files must not)
    logger.info("%s %s #%s by user %s", action, entity_type, values["entity_id"], values["actor_id"])


def record_many(rows: list[dict[str, Any]]) -> None:
    """Bulk-insert entries built with :func:`entry_values` (used by the roster import)."""
    if rows:
        db.session.execute(insert(AuditEntry), rows)
