from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from lms.access import access, admin_only, public, signed_in
from lms.auth import services
from lms.auth.forms import ChangePasswordForm, LoginForm, UserForm
from lms.auth.models import ROLES, User
from lms.auth.queries import ACCOUNT_STATES, user_list_query
from lms.auth.targets import local_target
from lms.domain import DomainError
from lms.extensions import db
from lms.formtools import form_status, run_or_attach
from lms.people.models import Employee
from lms.people.names import ending_sentence

bp = Blueprint("auth", __name__)


def _new_session() -> None:
    """Start from an empty session (keeping only the chosen language): nothing a visitor's cookie held before,
    such as a CSRF token someone else planted, carries over into or out of a signed-in session."""
    language = session.get("language")
    session.clear()
    g.pop("csrf_token", None)  # Flask-WTF's token of this request, made from the old session
    if language:
        session["language"] = language


@bp.route("/masuk", methods=["GET", "POST"])
@access(public)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.identifier.data, form.password.data,
                                         request.remote_addr or "unknown", current_app.config)
        except services.LoginRefused as refused:
            db.session.commit()  # keep the counted failure
            form.password.errors.append(refused.message)
            return render_template("auth/login.html", form=form), 401
        _new_session()
        login_user(user)
        flash(_("Selamat datang, %(name)s.", name=ending_sentence(user.display_name)), "success")
        return redirect(local_target(request.args.get("next")) or url_for("home.index"))
    return render_template("auth/login.html", form=form), form_status(form)


@bp.post("/keluar")
@access(signed_in)
def logout():
    services.end_sessions(current_user)  # a copy of this session's cookie no longer opens anything
    logout_user()
    _new_session()
    flash(_("Anda telah keluar."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/akun/kata-sandi", methods=["GET", "POST"])
@access(signed_in)
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data, form.password.data)
        except DomainError as error:
            getattr(form, error.field or "password").errors.append(error.message)
        else:
            login_user(current_user._get_current_object())  # re-issue the session (new session version)
            flash(_("Kata sandi berhasil diganti."), "success")
            return redirect(url_for("home.index"))
    return render_template("auth/change_password.html", form=form), form_status(form)


@bp.get("/admin/pengguna")
@access(admin_only)
def user_list():
    search, role, state = request.args.get("q", ""), request.args.get("role", ""), request.args.get("status", "")
    state = state if state in ACCOUNT_STATES else ""
    page = db.paginate(user_list_query(search, role if role in ROLES else "", state),
                       per_page=current_app.config["PAGE_SIZE"])
    return render_template("auth/user_list.html", page=page, search=search, role=role, state=state)


def _employee_for_nip(form: UserForm) -> Employee | None:
    if not form.nip.data:
        return None
    employee = db.session.scalar(db.select(Employee).where(Employee.nip == form.nip.data))
    if employee is None:
        raise DomainError(_("Tidak ada pegawai dengan NIP ini."), "nip")
    if db.session.scalar(db.select(User.id).where(User.employee_id == employee.id)):
        raise DomainError(_("Pegawai ini sudah memiliki akun."), "nip")
    return employee


def _check_email_free(email: str | None, user: User | None = None) -> None:
    if not email:
        return
    owner = db.session.scalar(db.select(User).where(User.email == email.lower()))
    if owner is not None and owner is not user:
        raise DomainError(_("E-mail ini sudah dipakai akun lain."), "email")


def _create_user(form: UserForm) -> User:
    _check_email_free(form.email.data)
    return services.create_user(current_user, email=form.email.data or None, employee=_employee_for_nip(form),
                                roles=set(form.roles.data), password=form.password.data)


def _update_user(form: UserForm, user: User) -> User:
    _check_email_free(form.email.data, user)
    return services.update_user(current_user, user, email=form.email.data or None, roles=set(form.roles.data),
                                enabled=form.enabled.data)


@bp.route("/admin/pengguna/baru", methods=["GET", "POST"])
@access(admin_only)
def user_new():
    form = UserForm(creating=True)
    if form.validate_on_submit() and (user := run_or_attach(form, "email", lambda: _create_user(form))):
        flash(_("Akun %(name)s dibuat. Pengguna harus mengganti kata sandi saat pertama masuk.",
                name=user.login_name), "success")
        return redirect(url_for("auth.user_edit", user_id=user.id))
    return render_template("auth/user_form.html", form=form, user=None), form_status(form)


@bp.route("/admin/pengguna/<int:user_id>", methods=["GET", "POST"])
@access(admin_only)
def user_edit(user_id: int):
    user = db.get_or_404(User, user_id)
    form = UserForm(creating=False, data={"roles": sorted(user.roles), "enabled": user.is_enabled,
                                          "email": user.email})
    if form.validate_on_submit() and run_or_attach(form, "email", lambda: _update_user(form, user)):
        flash(_("Akun disimpan."), "success")
        return redirect(url_for("auth.user_edit", user_id=user.id))
    return render_template("auth/user_form.html", form=form, user=user), form_status(form)


@bp.post("/admin/pengguna/<int:user_id>/atur-ulang-kata-sandi")
@access(admin_only)
def user_reset_password(user_id: int):
    user = db.get_or_404(User, user_id)
    temporary = services.reset_password(current_user, user)
    # Shown once, on this response only: not flashed (a flash travels in the session cookie) and never stored.
    response = current_app.make_response(render_template("auth/temporary_password.html", user=user,
                                                         temporary=temporary))
    response.headers["Cache-Control"] = "no-store"
    return response
