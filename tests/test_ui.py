from datetime import date

from flask import session

from kompeten.app import create_app
from lms.access import access, public
from lms.i18n import long_date
from tests.helpers import page_text


def test_dates_read_as_in_official_letters_in_both_languages(app):
    with app.test_request_context():
        assert long_date(date(2026, 11, 28)) == "28 November 2026"
        assert long_date(date(2026, 8, 17)) == "17 Agustus 2026"
    with app.test_request_context():
        session["language"] = "en"
        assert long_date(date(2026, 8, 17)) == "17 August 2026"


def test_english_can_be_chosen_and_is_remembered(client, make_user, login):
    login(make_user())
    client.post("/bahasa", data={"language": "en", "next": "/"})
    assert "Welcome" in page_text(client.get("/"))
    assert "Welcome" in page_text(client.get("/"))
    client.post("/bahasa", data={"language": "id", "next": "/"})
    assert "Selamat datang" in page_text(client.get("/"))


def test_language_switch_only_redirects_inside_the_site(client):
    response = client.post("/bahasa", data={"language": "en", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_a_server_error_shows_the_indonesian_error_page_and_no_details(app):
    broken = create_app({"SECRET_KEY": "x", "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"]})

    @access(public)
    def explode():
        raise RuntimeError("secret internal detail")

    broken.add_url_rule("/explode", "explode", explode)
    response = broken.test_client().get("/explode")
    assert response.status_code == 500
    text = page_text(response)
    assert "Terjadi kesalahan" in text and "secret internal detail" not in text
    with broken.app_context():
        from lms.extensions import db

        db.engine.dispose()
