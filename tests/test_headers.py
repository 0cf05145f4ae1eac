"""Security headers on every response, and templates a Content-Security-Policy without inline scripts can serve:
no inline script, no inline event handler, a confirmation (data-confirm) on every form of a destructive action."""

import inspect
import re
from pathlib import Path

import pytest

from kompeten.app import create_app
from kompeten.security import CONTENT_SECURITY_POLICY

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))


def _directives(policy: str) -> dict[str, str]:
    return {part.split()[0]: part.strip() for part in policy.split(";") if part.strip()}


def test_the_policy_allows_scripts_from_this_site_only():
    directives = _directives(CONTENT_SECURITY_POLICY)
    assert directives["default-src"] == "default-src 'self'"
    assert directives["script-src"] == "script-src 'self'"
    assert directives["frame-ancestors"] == "frame-ancestors 'none'"
    assert directives["object-src"] == "object-src 'none'"
    assert directives["base-uri"] == "base-uri 'none'"
    assert directives["form-action"] == "form-action 'self'"
    assert "unsafe-inline" not in directives["style-src"] and "unsafe-eval" not in CONTENT_SECURITY_POLICY


@pytest.mark.parametrize("url", ["/masuk", "/", "/tidak-ada", "/static/app.css", "/static/js/confirm.js"])
def test_every_response_carries_the_security_headers(client, url):
    response = client.get(url)
    response.close()
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP


def test_a_signed_in_page_and_a_refused_form_carry_them_too(client, make_user, login):
    login(make_user("employee"))
    for response in (client.get("/"), client.post("/akun/kata-sandi", data={})):
        assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_over_https_hsts_is_sent_and_the_session_cookie_is_secure(client, make_user):
    user = make_user()
    response = client.post("/masuk", data={"identifier": user.employee.nip, "password": "rahasia-uji-123"},
                           base_url="https://localhost")
    assert response.status_code == 302
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "Secure" in response.headers["Set-Cookie"]
    plain = make_user()
    other = client.application.test_client()
    response = other.post("/masuk", data={"identifier": plain.employee.nip, "password": "rahasia-uji-123"})
    assert "Secure" not in response.headers["Set-Cookie"]


def test_behind_a_proxy_https_is_what_x_forwarded_proto_says(app, make_user, db):
    proxied = create_app({**{key: app.config[key] for key in ("TESTING", "SECRET_KEY", "WTF_CSRF_ENABLED")},
                          "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "PROXY_COUNT": 1})
    user = make_user()
    response = proxied.test_client().post(
        "/masuk", data={"identifier": user.employee.nip, "password": "rahasia-uji-123"},
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "10.1.2.3"})
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "Secure" in response.headers["Set-Cookie"]
    # Without a trusted proxy, the header is just a header.
    direct = app.test_client().get("/masuk", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in direct.headers
    with proxied.app_context():
        db.engine.dispose()


def test_a_view_that_sets_a_stricter_policy_keeps_it(app):
    from kompeten.security import add_headers

    with app.test_request_context("/"):
        response = app.make_response("x")
        response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
        assert add_headers(response).headers["Content-Security-Policy"] == "default-src 'none'; sandbox"


# --- the templates -------------------------------------------------------------------------------------------

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
# An attribute named on...= inside a tag (not "data-on..." and not text between tags).
HANDLER = re.compile(r"<[a-zA-Z][^>]*?\s(on[a-z]+)\s*=", re.S)


def test_no_template_has_an_inline_script_or_an_inline_event_handler():
    found = []
    for path in TEMPLATES:
        text = path.read_text()
        name = path.relative_to(ROOT)
        for attributes, body in SCRIPT.findall(text):
            json_data = re.search(r'type\s*=\s*"application/json"', attributes)
            if body.strip() and not json_data:
                found.append(f"{name}: inline <script> body")
            if "src=" not in attributes and not json_data:
                found.append(f"{name}: <script> without src")
        found += [f"{name}: {handler}=" for handler in HANDLER.findall(text)]
        if re.search(r"javascript:", text, re.I):
            found.append(f"{name}: javascript: URL")
    assert found == []


def test_the_checks_see_what_they_look_for():
    """The two patterns above catch the forms that were there before."""
    old = """<form method="post" novalidate onsubmit="return confirm({{ _('Tutup?')|tojson }});">"""
    assert HANDLER.findall(old) == ["onsubmit"]
    assert HANDLER.findall("<button\n  class='x' onclick='go()'>") == ["onclick"]
    assert HANDLER.findall('<form data-confirm="on=1">') == []
    assert SCRIPT.findall("<script>alert(1)</script>") == [("", "alert(1)")]


# POST actions that destroy or undo something, or cannot be taken back: their forms must ask first.
DESTRUCTIVE_SUFFIXES = ("/hapus", "/batal", "/tolak", "/cabut", "/penutupan", "/buka-kembali", "/mundur", "/keluarkan",
                        "/atur-ulang-kata-sandi", "/finalkan", "/konsolidasi")
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form\s*>", re.S | re.I)
URL_FOR = re.compile(r"""url_for\(\s*['"]([\w.]+)['"]""")
CONFIRM_POST = re.compile(r"""confirm_post\(\s*url_for\(\s*['"]([\w.]+)['"]""")
RENDERED = re.compile(r"""render_template\(\s*['"]([^'"]+)['"]""")


def _destructive_rules(app):
    return [rule for rule in app.url_map.iter_rules()
            if "POST" in rule.methods and rule.rule.endswith(DESTRUCTIVE_SUFFIXES)]


def _templates_of(app, endpoint: str) -> set[str]:
    """The templates a view renders, itself or through a private helper of its module."""
    view = inspect.unwrap(app.view_functions[endpoint])
    module = inspect.getmodule(view)
    source = inspect.getsource(view)
    helpers = [getattr(module, name, None) for name in re.findall(r"\b(_\w+)\(", source)]
    source += "".join(inspect.getsource(helper) for helper in helpers if inspect.isfunction(helper))
    return set(RENDERED.findall(source))


def _post_forms(name: str):
    """(action endpoint or None, asks first) for every POST form of a template."""
    text = (ROOT / "templates" / name).read_text()
    for attributes, body in FORM.findall(text):
        if not re.search(r"""method\s*=\s*["']?post""", attributes, re.I):
            continue
        action = re.search(r"""action\s*=\s*"([^"]*)\"""", attributes)
        endpoint = URL_FOR.search(action.group(1)) if action else None
        if action and endpoint is None:
            continue  # a macro's form with a variable action (confirm_post asks by itself)
        asks = "data-confirm=" in attributes or re.search(r"<button\b[^>]*data-confirm=", body) is not None
        yield (endpoint.group(1) if endpoint else None), asks


def test_every_form_of_a_destructive_action_asks_for_confirmation(app):
    rules = _destructive_rules(app)
    assert {rule.endpoint for rule in rules} >= {"trainer.close", "courses.workshop_reopen", "courses.workshop_cancel",
                                                 "people.employee_delete", "certificates.revoke"}
    unconfirmed, reached = [], set()
    for path in TEMPLATES:
        name = str(path.relative_to(ROOT / "templates"))
        reached |= set(CONFIRM_POST.findall(path.read_text()))
        for endpoint, asks in _post_forms(name):
            if endpoint in {rule.endpoint for rule in rules}:
                reached.add(endpoint)
                if not asks:
                    unconfirmed.append(f"{name} -> {endpoint}")
    # A form without an action posts to its own page: the destructive rule that shares the page's address.
    for rule in rules:
        pages = [other.endpoint for other in app.url_map.iter_rules()
                 if other.rule == rule.rule and "GET" in other.methods]
        for page in pages:
            for name in _templates_of(app, page):
                for endpoint, asks in _post_forms(name):
                    if endpoint is None:
                        reached.add(rule.endpoint)
                        if not asks:
                            unconfirmed.append(f"{name} -> {rule.endpoint}")
    assert unconfirmed == []
    # Every destructive action is posted by a form this test found, so none escapes it by another pattern.
    assert sorted({rule.endpoint for rule in rules} - reached) == []
