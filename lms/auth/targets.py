"""Where a redirect may go when the address comes from the request (``?next=``, a form field, the referrer).

Only a path of this site is accepted: it starts with one "/" (not "//" or "/\\", which browsers read as another
host), has no scheme or host, and holds no control character, before or after percent-decoding (browsers drop
tabs and line breaks, so "/\\t/evil.example" would become "//evil.example").
"""

from urllib.parse import unquote, urlsplit

from flask import request


def _has_control_characters(text: str) -> bool:
    return any(ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F for char in text)


def local_target(target: str | None) -> str | None:
    """The target if it is a path of this site, else None."""
    if not target:
        return None
    for text in (target, unquote(target)):
        if _has_control_characters(text) or "\\" in text:
            return None
        if not text.startswith("/") or text.startswith("//"):
            return None
        parts = urlsplit(text)
        if parts.scheme or parts.netloc:
            return None
    return target


def local_referrer() -> str | None:
    """The path (and query) of the referring page when it is a page of this site, else None."""
    referrer = request.referrer
    if not referrer:
        return None
    parts = urlsplit(referrer)
    if parts.scheme not in ("http", "https") or parts.netloc != request.host:
        return None
    return local_target(parts.path + (f"?{parts.query}" if parts.query else ""))
