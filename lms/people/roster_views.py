from flask import Blueprint

bp = Blueprint("roster", __name__)


@bp.get("/roster")
def upload():
    return "roster"
