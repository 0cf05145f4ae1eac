"""HTTP security of every response: the security headers, and the session cookie's Secure flag over HTTPS.

The Content-Security-Policy allows scripts from this site's own files only: no inline ``<script>`` body (JSON data
blocks, ``type="application/json"``, are not scripts), no ``on...=`` attribute, no ``javascript:`` URL, no eval;
tests/test_headers.py checks the templates. ``style=""`` attributes (bar widths, heat-map colours) are allowed,
``<style>`` elements are not. A view that sets a stricter header of its own (a sandboxed file download, the public
certificate page's referrer policy) keeps it.

Whether a request came over HTTPS is ``request.is_secure``: behind a reverse proxy that is what its
``X-Forwarded-Proto`` says, trusted with ``LMS_PROXY_COUNT`` (kompeten.app installs Werkzeug's ProxyFix).
"""

from flask import Flask, Response, current_app, has_request_context, request
from flask.sessions import SecureCookieSessionInterface

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",  # Bootstrap draws its form icons with data: SVGs from its CSS
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
}


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the cookie Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return super().get_cookie_secure(app) or (has_request_context() and request.is_secure)


def add_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    seconds = current_app.config["HSTS_SECONDS"]
    if request.is_secure and seconds:
        response.headers.setdefault("Strict-Transport-Security", f"max-age={int(seconds)}")
    return response


def install(app: Flask) -> None:
    app.session_interface = SessionInterface()
    app.after_request(add_headers)
