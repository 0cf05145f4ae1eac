"""Permanent redirects from retired URLs, so that bookmarks and links kept elsewhere still land on their page.

A retired URL is named by its old rule and the endpoint that now serves it; :func:`register_old_urls` adds one
GET rule per entry that answers 301 to ``url_for(endpoint, **path values)`` with the query string kept. Only GET
(and HEAD) are redirected: a form posted to a retired URL is answered 405, never replayed to the new one.
"""

from collections.abc import Callable, Mapping
from typing import Any

from flask import Flask, Response, redirect, request, url_for

from lms.access import access, public

ENDPOINT_PREFIX = "old_url."


def register_old_urls(app: Flask, old_urls: Mapping[str, str]) -> None:
    """Register ``{old rule: endpoint}``; each old rule must use the path variables of the endpoint's rule."""
    for rule, endpoint in old_urls.items():
        app.add_url_rule(rule, endpoint=ENDPOINT_PREFIX + endpoint, view_func=_redirect_to(endpoint),
                         methods=["GET"])


def _redirect_to(endpoint: str) -> Callable[..., Response]:
    def moved(**values: Any) -> Response:
        target = url_for(endpoint, **values)
        if request.query_string:
            target += "?" + request.query_string.decode("latin-1")
        return redirect(target, 301)

    moved.redirects_to = endpoint  # type: ignore[attr-defined]
    # A redirect shows nothing: anyone may follow it, and the page it leads to checks its own access.
    return access(public)(moved)
