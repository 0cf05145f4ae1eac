"""A file sent to the browser to be saved (exports, templates, reports)."""

from flask import Response


def download(data: bytes, filename: str, mimetype: str) -> Response:
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})
