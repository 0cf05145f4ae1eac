"""The application factory."""

import os
import time
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import click
from flask import Flask, Response, flash, has_request_context, redirect, render_template, url_for
from flask_babel import format_decimal, format_percent, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from kompeten import security, startup
from kompeten.config import DefaultConfig
from kompeten.old_urls import OLD_URLS
from lms import db_limits, i18n, input_rules, transaction
from lms.access import access, public
from lms.auth.targets import local_referrer
from lms.domain import DomainError
from lms.extensions import babel, csrf, db, login_manager, migrate
from lms.redirects import register_old_urls

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def create_app(config_overrides: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=os.path.join(ROOT, "templates"),
        static_folder=os.path.join(ROOT, "static"),
        instance_path=os.environ.get("LMS_INSTANCE_PATH", os.path.join(ROOT, "instance")),
    )
    app.config.from_object(DefaultConfig)
    app.config.from_prefixed_env("LMS")
    app.config.update(config_overrides or {})
    use_city_time_zone(app.config["BABEL_DEFAULT_TIMEZONE"])
    _configure_database(app)
    startup.load_secret_key_file(app)
    if app.config["PROXY_COUNT"]:
        # Behind N reverse proxies: trust their X-Forwarded-* headers (client address for login throttling).
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)  # type: ignore[method-assign]

    db.init_app(app)
    db_limits.install(app)  # statement and lock timeouts of requests and jobs; a cancelled request: 503
    migrate.init_app(app, db, directory=os.path.join(ROOT, "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale,
                   default_translation_directories=os.path.join(ROOT, "lms", "translations"))
    _init_login(app)
    security.install(app)  # security headers on every response; Secure session cookie over HTTPS
    input_rules.install(app)  # before the blueprints, whose <int:...> ids it bounds
    _register_blueprints(app)
    register_old_urls(app, OLD_URLS)
    transaction.install(app)
    _register_error_handlers(app)
    _register_template_helpers(app)

    from kompeten.cli import lms_cli

    app.cli.add_command(lms_cli)
    if _loaded_by_flask_run():
        if app.debug:
            startup.create_secret_key_file(app)
        startup.exit_unless_ready(app, "web")
    return app


def _loaded_by_flask_run() -> bool:
    """``flask run`` loads the app inside its command; gunicorn checks in gunicorn.conf.py, make run in lms serve."""
    context = click.get_current_context(silent=True)
    return context is not None and context.info_name == "run"


def _configure_database(app: Flask) -> None:
    url = app.config.get("DATABASE_URL")
    if not url:
        os.makedirs(app.instance_path, exist_ok=True)
        url = "sqlite:///" + os.path.join(app.instance_path, "kompeten.sqlite3")
    if url.startswith("sqlite"):
        # Writers queue for SQLite's single write lock (enrolments take it on purpose): wait, don't fail.
        options = app.config["SQLALCHEMY_ENGINE_OPTIONS"] = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        options["connect_args"] = {"timeout": 30, **options.get("connect_args", {})}
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    app.config["SQLALCHEMY_DATABASE_URI"] = url


def use_city_time_zone(zone: str) -> None:
    """Make the process's local time the city's: "today" throughout the code (enrolment windows, sessions, JP
    years, deadlines) is ``date.today()``, which follows the process's time zone, and a server kept in UTC would
    start the city's day seven hours late (a request made on the 6th shown for a class starting on the 5th)."""
    ZoneInfo(zone)  # an unknown zone stops here, naming it, instead of falling back to UTC silently
    if os.environ.get("TZ") != zone:
        os.environ["TZ"] = zone
        time.tzset()


def _init_login(app: Flask) -> None:
    from lms.auth.models import User

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Silakan masuk terlebih dahulu.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(token: str) -> User | None:
        user_id, _sep, version = token.partition(":")
        if not user_id.isdigit():
            return None
        user = db.session.get(User, int(user_id))
        if user is None or str(user.session_version) != version:
            return None
        return user


def _register_blueprints(app: Flask) -> None:
    # Every table must be known to the migrations, and every job task registered (the Celery worker builds the
    # same app); none of these modules is used here by name.
    import competencies.appraisals.models
    import competencies.appraisals.tasks  # noqa: F401
    import courses.certificates.tasks
    import courses.enrolment.models
    import courses.models  # noqa: F401
    import kompeten.reports.tasks  # noqa: F401
    import lms.cache
    import lms.imports.models
    import lms.jobs.models
    import lms.notifications.models
    import lms.roster.tasks  # noqa: F401
    from competencies.appraisals.views import bp as appraisals_bp
    from competencies.gap_views import bp as gaps_bp
    from competencies.moodle_views import bp as moodle_bp
    from competencies.profile_views import bp as profile_bp
    from competencies.views import bp as competencies_bp
    from courses.catalogue.browse import bp as catalogue_bp
    from courses.catalogue.views import bp as courses_bp
    from courses.certificates.views import bp as certificates_bp
    from courses.planning.demand_views import bp as demand_bp
    from courses.planning.recommendation_views import bp as recommendations_bp
    from courses.planning.training_need_views import bp as training_needs_bp
    from courses.records.mandatory_views import bp as mandatory_bp
    from courses.records.views import bp as records_bp
    from courses.teaching.checkin_views import bp as checkin_bp
    from courses.teaching.views import bp as trainer_bp
    from kompeten.home import bp as home_bp
    from kompeten.reports.views import bp as reports_bp
    from lms.audit.views import bp as audit_bp
    from lms.auth.views import bp as auth_bp
    from lms.imports.views import bp as imports_bp
    from lms.jobs.views import bp as jobs_bp
    from lms.notifications.views import bp as notifications_bp
    from lms.people.views import bp as people_bp
    from lms.roster.views import bp as roster_bp

    for blueprint in (home_bp, auth_bp, people_bp, roster_bp, audit_bp, notifications_bp, competencies_bp, moodle_bp,
                      courses_bp, catalogue_bp, trainer_bp, certificates_bp, records_bp, mandatory_bp, profile_bp,
                      demand_bp, appraisals_bp, recommendations_bp, training_needs_bp, gaps_bp, jobs_bp, reports_bp,
                      imports_bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(checkin_bp)  # attendance by QR code: a trainer's page and the participants' scan page

    icon = Path(app.static_folder, "favicon.ico").read_bytes()  # drawn by scripts/favicon.py

    @access(public)
    def favicon():
        """Browsers ask for /favicon.ico whatever a page links."""
        return Response(icon, mimetype="image/vnd.microsoft.icon", headers={"Cache-Control": "public, max-age=86400"})

    app.add_url_rule("/favicon.ico", "favicon", favicon)


def _register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        db.session.rollback()
        flash(error.message, "danger")
        return redirect(local_referrer() or url_for("home.index"))

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        db.session.rollback()
        return render_template("errors/error.html", code=400,
                               title=_("Formulir kedaluwarsa"),
                               message=_("Token keamanan formulir tidak valid atau kedaluwarsa. Muat ulang "
                                         "halaman lalu kirim kembali.")), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        db.session.rollback()
        if error.code is None or error.code < 400:
            return error
        titles = {
            400: _("Permintaan tidak valid"),
            403: _("Akses ditolak"),
            404: _("Halaman tidak ditemukan"),
            405: _("Metode tidak diizinkan"),
            413: _("Berkas terlalu besar"),
        }
        messages = {
            403: _("Anda tidak memiliki hak untuk membuka halaman ini."),
            404: _("Halaman yang Anda cari tidak ada atau telah dipindahkan."),
            413: _("Berkas yang diunggah melebihi batas ukuran."),
        }
        return render_template("errors/error.html", code=error.code,
                               title=titles.get(error.code, error.name),
                               message=messages.get(error.code, error.description)), error.code

    @app.errorhandler(500)
    def server_error(error: Exception):
        db.session.rollback()
        return render_template("errors/error.html", code=500, title=_("Terjadi kesalahan"),
                               message=_("Maaf, terjadi kesalahan pada server. Tim teknis telah dicatat.")), 500


def _training_hours_this_year(employee: Any) -> Any:
    """For the people pages, which show training hours without the people package importing courses."""
    from courses.records.services import training_hours

    return training_hours(employee, date.today().year)


def _mandatory_training(employee: Any) -> Any:
    """For the employee page: the mandatory programme they owe (courses.records.mandatory), or None."""
    from courses.records.mandatory import owed_by

    return owed_by(employee, date.today())


def _register_template_helpers(app: Flask) -> None:
    from courses import models as course_models
    from lms.audit.models import ACTION_LABELS
    from lms.auth.models import ROLE_LABELS
    from lms.notifications.services import unread_count
    from lms.people import reference
    from lms.people.access import is_supervisor
    from lms.people.models import EMPLOYMENT_TYPE_LABELS

    app.jinja_env.add_extension("jinja2.ext.do")
    # Globals rather than context: macros imported without context (status badges) need them too.
    app.jinja_env.globals.update(
        course_status_labels=course_models.COURSE_STATUS_LABELS,
        workshop_status_labels=course_models.WORKSHOP_STATUS_LABELS,
        enrolment_status_labels=course_models.ENROLMENT_STATUS_LABELS,
        modality_labels=course_models.MODALITY_LABELS,
        attendance_labels=course_models.ATTENDANCE_LABELS,
        material_kind_labels=course_models.MATERIAL_KIND_LABELS,
        training_hours_this_year=_training_hours_this_year,
        format_decimal=format_decimal,
        format_percent=format_percent,
        number_label=reference.number_label,
        employment_type_labels=EMPLOYMENT_TYPE_LABELS,
        mandatory_training=_mandatory_training,
        mandatory_programme_labels=course_models.MANDATORY_PROGRAMME_LABELS,
    )
    app.jinja_env.filters["long_date"] = i18n.long_date
    app.jinja_env.filters["long_datetime"] = i18n.long_datetime

    @app.context_processor
    def globals_for_templates() -> dict[str, Any]:
        # Background jobs render templates (report PDFs) without a request, hence without a user.
        signed_in = has_request_context() and current_user.is_authenticated
        supervisor = signed_in and is_supervisor(current_user)
        unread = unread_count(current_user.id) if signed_in else 0
        return {
            "unread_notifications": unread,
            "role_labels": ROLE_LABELS,
            "action_labels": ACTION_LABELS,
            "position_kind_labels": reference.POSITION_KIND_LABELS,
            "unit_kind_labels": reference.UNIT_KIND_LABELS,
            "current_is_supervisor": supervisor,
            "get_locale": get_locale,
        }
