"""Version counters in the database: the one way to invalidate per-process caches across app processes.

A process caches something together with the counter's value it was built at, and rebuilds when the value in
the database has moved on. Writers call the invalidation function inside their transaction, so the new value
becomes visible exactly when their change does.
"""

from flask import g, has_request_context
from sqlalchemy import Integer, String, select, update
from sqlalchemy.orm import Mapped, mapped_column

from lms.extensions import db

GRAPH = "graph"  # positions, career paths, competencies, requirements and prerequisites


class CacheVersion(db.Model):
    __tablename__ = "cache_versions"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)


def current_version(name: str) -> int:
    """The counter's value, read at most once per request (so repeated cached lookups cost no query)."""
    if not has_request_context():
        return _read(name)
    versions = g.setdefault("cache_versions", {})
    if name not in versions:
        versions[name] = _read(name)
    return versions[name]


def changed_in_this_request(name: str) -> bool:
    """True after this request invalidated ``name``: its cache must not be filled from uncommitted data."""
    return has_request_context() and name in g.get("cache_bumped", set())


def _read(name: str) -> int:
    return db.session.scalar(select(CacheVersion.version).where(CacheVersion.name == name)) or 0


def invalidate_graph() -> None:
    """Call after any change to positions, career paths, competencies, requirements or prerequisites."""
    _bump(GRAPH)


def _bump(name: str) -> None:
    result = db.session.execute(update(CacheVersion).where(CacheVersion.name == name)
                                .values(version=CacheVersion.version + 1))
    if result.rowcount == 0:
        db.session.add(CacheVersion(name=name, version=1))
    db.session.flush()
    if has_request_context():
        g.setdefault("cache_versions", {}).pop(name, None)
        g.setdefault("cache_bumped", set()).add(name)
