"""PDF rendering: Jinja HTML and CSS through WeasyPrint, with no access to the file system or the network.

WeasyPrint fetches every stylesheet, image and font a document names. The fetcher here answers only ``data:``
URLs and the app's own static files (a URL on the document's base origin whose path is under the static URL
path, read from the static folder); ``file:``, remote and any other URLs are refused, so a name or text typed
by a user can never make the server read a local file or call another host.

WeasyPrint is imported on first use: loading it (and Pango through it) costs about half a second, which every
process start (web workers, CLI commands, the test run) would otherwise pay whether it renders a PDF or not.
"""

from __future__ import annotations

import functools
import io
import mimetypes
import os
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from flask import Response, current_app, send_file
from werkzeug.security import safe_join

if TYPE_CHECKING:
    from weasyprint.document import Document
    from weasyprint.urls import URLFetcher

# Base of relative URLs when the caller gives none: "/static/app.css" resolves on this origin.
DEFAULT_BASE_URL = "http://kompeten.invalid/"


def static_only_fetcher(static_folder: str, static_url_path: str, base_url: str) -> URLFetcher:
    """A fetcher serving ``data:`` URLs and files of ``static_folder`` under ``static_url_path`` on ``base_url``'s
    origin, and refusing everything else."""
    return _static_only_fetcher_class()(static_folder, static_url_path, base_url)


@functools.cache
def _static_only_fetcher_class() -> type[URLFetcher]:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def __init__(self, static_folder: str, static_url_path: str, base_url: str):
            super().__init__(allowed_protocols=("data", "http", "https"), allow_redirects=False)
            self.static_folder = static_folder
            self.static_prefix = static_url_path.rstrip("/") + "/"
            base = urlsplit(base_url)
            self.origin = (base.scheme, base.netloc)

        def fetch(self, url: str, headers=None) -> URLFetcherResponse:
            if url[:5].lower() == "data:":
                return super().fetch(url, headers)
            path = self.static_path(url)
            if path is None:
                raise ValueError(f"PDF resources are limited to data: URLs and static files, not {url[:200]}")
            with open(path, "rb") as file:
                body = file.read()
            return URLFetcherResponse(url, body, {"Content-Type": mimetypes.guess_type(path)[0] or "text/plain"})

        def static_path(self, url: str) -> str | None:
            """The file of the static folder that ``url`` names, or None."""
            parts = urlsplit(url)
            if ((parts.scheme.lower(), parts.netloc.lower()) != self.origin
                    or not parts.path.startswith(self.static_prefix)):
                return None
            path = safe_join(self.static_folder, unquote(parts.path[len(self.static_prefix):]))
            return path if path is not None and os.path.isfile(path) else None

    return StaticOnlyFetcher


def render_document(html: str, base_url: str | None = None) -> Document:
    """The laid-out pages of an HTML document (rendered in an app context, for the static folder); callers that
    need one PDF per page lay the document out once and write ``document.copy([page])`` for each page."""
    from weasyprint import HTML

    base_url = base_url or DEFAULT_BASE_URL
    fetcher = static_only_fetcher(current_app.static_folder or "", current_app.static_url_path or "/static", base_url)
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).render()


def render_pdf(html: str, base_url: str | None = None) -> bytes:
    """The PDF of an HTML document (rendered in an app context, for the static folder)."""
    return render_document(html, base_url).write_pdf()


def pdf_response(data: bytes, filename: str, as_attachment: bool = False) -> Response:
    """A PDF for the browser (inline by default, so that it opens ready to print); needs a request context."""
    response = send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=as_attachment,
                         download_name=filename, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
