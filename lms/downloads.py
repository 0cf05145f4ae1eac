"""A file sent to the browser to be saved (exports, templates, reports)."""

from flask import Response


def file_mimetype(mimetype: str) -> str:
    """What to hand Werkzeug (``Response``, ``send_file``) as a file's mimetype: the type without parameters,
    since Werkzeug appends "; charset=utf-8" to a text type itself, even to one that names its charset already."""
    return mimetype.partition(";")[0].strip()


def download(data: bytes, filename: str, mimetype: str) -> Response:
    return Response(data, mimetype=file_mimetype(mimetype),
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
