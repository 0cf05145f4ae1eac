"""``flask --app wsgi lms <command>``: thin wrappers over the services the web uses."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask import Flask
from flask.cli import AppGroup, ScriptInfo, pass_script_info
from sqlalchemy import func, select

from kompeten import startup
from lms.extensions import db
from lms.people.models import Employee

if TYPE_CHECKING:
    from kompeten.demo.city import DemoAccount, DemoResult

lms_cli = AppGroup("lms", help="Kompeten administration commands.")
DEMO_SEED = 2026


@lms_cli.command("demo")
@click.option("--employees", default=1500, show_default=True, help="Number of employees in the demo city.")
@click.option("--seed", default=DEMO_SEED, show_default=True, help="Random seed (same seed, same city).")
@click.option("--if-empty", is_flag=True, help="Only when the database holds no employees.")
def demo_command(employees: int, seed: int, if_empty: bool) -> None:
    """Build the demo Kota Medan (does nothing when it already exists) and print the demo logins."""
    from kompeten.demo.city import build_demo_city

    if if_empty and _has_employees():
        click.echo("Basis data sudah berisi pegawai; kota demo tidak dimuat.")
        return
    result = build_demo_city(employees=employees, seed=seed)
    db.session.commit()
    _echo_demo(result)


@lms_cli.command("serve", with_appcontext=False)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every one).")
@click.option("--port", default=5000, show_default=True, help="Port to listen on.")
@click.option("--demo-employees", default=1500, show_default=True,
              help="Employees of the demo city built into an empty database.")
@pass_script_info
def serve_command(info: ScriptInfo, host: str, port: int, demo_employees: int) -> None:
    """What make run does: bring the database up to date, build the demo city into an empty one, check, serve."""
    from werkzeug.serving import run_simple

    app = info.load_app()
    address = f"http://{'127.0.0.1' if host == '0.0.0.0' else host}:{port}"  # noqa: S104
    startup.create_secret_key_file(app)
    startup.use_local_public_base_url(app, address)
    with app.app_context():
        accounts = _prepare_database(app, demo_employees)
    startup.exit_unless_ready(app, "web")
    click.echo(f"\nKompeten siap / ready: {address}/")
    if accounts:
        _echo_accounts(accounts)
    run_simple(host, port, app, threaded=True)


def _prepare_database(app: Flask, demo_employees: int) -> list[DemoAccount]:
    """Migrate, install the built-in frameworks and the demo city (into an empty database); the demo logins.

    A database that cannot be reached, or is at a revision this code does not know, is left alone: the
    start-up check then says so in one line."""
    from flask_migrate import upgrade

    from competencies.builtin import install_builtin_frameworks
    from kompeten.demo.city import ROOT_CODE, build_demo_city
    from lms.people.models import OrgUnit

    try:
        state = startup.schema_state(app)
    except startup.DatabaseUnreachable:
        return []
    if state.pending < 0:
        return []
    if state.pending:
        upgrade()
    install_builtin_frameworks()
    has_demo_city = db.session.scalar(select(OrgUnit.id).where(OrgUnit.code == ROOT_CODE)) is not None
    accounts = []
    if has_demo_city or not _has_employees():  # a city of real employees gets no demo city beside it
        result = build_demo_city(employees=demo_employees, seed=DEMO_SEED)  # an existing one is left as it is
        if result.created:
            _echo_built(result)
        accounts = result.accounts
    db.session.commit()
    return accounts


def _has_employees() -> bool:
    return bool(db.session.scalar(select(func.count()).select_from(Employee)))


def _echo_demo(result: DemoResult) -> None:
    if result.created:
        _echo_built(result)
    else:
        click.echo("Kota demo sudah ada; tidak ada data yang ditambahkan.")
    _echo_accounts(result.accounts)


def _echo_built(result: DemoResult) -> None:
    click.echo(f"Kota demo dibuat: {result.employee_count} pegawai, {result.unit_count} unit, "
               f"{result.position_count} jabatan, {result.competency_count} kompetensi, "
               f"{result.requirement_count} standar kompetensi jabatan, {result.course_count} pelatihan, "
               f"{result.workshop_count} kelas, {result.enrolment_count} pendaftaran, "
               f"{result.appraisal_count} penilaian pegawai (periode tahun lalu).")


def _echo_accounts(accounts: list[DemoAccount]) -> None:
    click.echo("Akun demo (login dengan NIP atau e-mail):")
    for account in accounts:
        nip = account.login if account.login != account.email else "-"  # the admin has no employee record
        click.echo(f"  {account.role:<10} {nip:<20} {account.email:<32} kata sandi: {account.password}")


@lms_cli.command("create-admin")
@click.argument("email")
@click.password_option("--password", prompt="Kata sandi", help="Asked for when not given.")
def create_admin_command(email: str, password: str) -> None:
    """Create an administrator account that logs in with EMAIL (for a new installation)."""
    from lms.auth import services as auth_services
    from lms.domain import DomainError

    if auth_services.find_user(email) is not None:
        click.echo(f"Akun {email} sudah ada.", err=True)
        sys.exit(1)
    try:
        user = auth_services.create_user(None, email=email, employee=None, roles={"admin"}, password=password)
    except DomainError as error:
        click.echo(error.message, err=True)
        sys.exit(1)
    user.must_change_password = False
    db.session.commit()
    click.echo(f"Administrator {user.email} dibuat.")


@lms_cli.command("import-roster")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--commit", "mode", flag_value="all", help="Write the rows (only when every row is valid).")
@click.option("--valid-only", "mode", flag_value="valid", help="Write the valid rows, skip the bad ones.")
def import_roster_command(path: Path, mode: str | None) -> None:
    """Preview (and with --commit / --valid-only, import) a roster file (CSV or XLSX)."""
    from lms.roster.columns import RosterFileError
    from lms.roster.preview import format_preview, preview_roster
    from lms.roster.services import apply_roster

    try:
        preview = preview_roster(path.name, path.read_bytes())
    except RosterFileError as error:
        click.echo(f"Berkas ditolak: {error}", err=True)
        sys.exit(2)
    click.echo(format_preview(preview))
    if mode is None:
        sys.exit(1 if preview.error_count else 0)
    if mode == "all" and preview.error_count:
        click.echo("Tidak ada yang ditulis: ada baris yang salah (gunakan --valid-only untuk "
                   "mengimpor baris yang valid saja).", err=True)
        sys.exit(1)
    summary = apply_roster(None, preview, filename=path.name, valid_only=(mode == "valid"))
    db.session.commit()
    click.echo(f"Diimpor: {summary.created} baru, {summary.updated} diperbarui, "
               f"{summary.unchanged} tidak berubah, {summary.skipped} dilewati.")


# --- Moodle competency frameworks (competencies.moodle) ---------------------------------------------------

@lms_cli.command("import-framework")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--commit", is_flag=True, help="Save the framework (only when the file has no errors).")
def import_framework_command(path: Path, commit: bool) -> None:
    """Preview (and with --commit, import) a Moodle competency framework CSV export."""
    from competencies import moodle
    from lms.domain import DomainError

    preview = moodle.parse_moodle_csv(path.read_bytes())
    click.echo(moodle.format_report(preview))
    if preview.errors:
        if commit:
            click.echo("Tidak ada yang ditulis: berkas berisi kesalahan.", err=True)
        sys.exit(1)
    if not commit:
        return
    try:
        framework = moodle.import_framework(None, preview)
    except DomainError as error:
        click.echo(error.message, err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(f"Kerangka {framework.code} diimpor: {preview.counts['competencies']} kompetensi.")


@lms_cli.command("export-framework")
@click.argument("code")
@click.argument("path", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def export_framework_command(code: str, path: Path) -> None:
    """Write the framework with ID number CODE as a Moodle competency framework CSV to PATH."""
    from competencies import moodle
    from competencies.models import Framework

    framework = db.session.scalar(select(Framework).where(Framework.code == code))
    if framework is None:
        click.echo(f"Kerangka dengan kode {code} tidak ditemukan.", err=True)
        sys.exit(1)
    path.write_bytes(moodle.export_framework(framework))
    click.echo(f"Kerangka {framework.code} diekspor ke {path}.")


@lms_cli.command("install-frameworks")
def install_frameworks_command() -> None:
    """Install the built-in competency frameworks (ASN managerial and socio-cultural), or fill in what they lack."""
    from competencies.builtin import install_builtin_frameworks

    reports = install_builtin_frameworks()
    db.session.commit()
    for report in reports:
        framework = report.framework
        added = (f"{report.competencies} kompetensi, {report.levels} level, "
                 f"{report.indicators} indikator perilaku")
        if report.created:
            click.echo(f"Kamus {framework.code} ({framework.name}) dipasang: {added}.")
        elif report.updated:
            click.echo(f"Kamus {framework.code} diperbarui: {report.updated} deskripsi level dan indikator perilaku "
                       f"diganti dengan teks terbaru di tempatnya; ditambahkan {added}.")
        elif report.changed:
            click.echo(f"Kamus {framework.code} dilengkapi: ditambahkan {added}.")
        else:
            click.echo(f"Kamus {framework.code} sudah lengkap; tidak ada perubahan.")


@lms_cli.command("send-mail")
def send_mail_command() -> None:
    """Send queued e-mails (those a background sender missed or failed; for cron)."""
    from lms.notifications.services import mail_enabled, send_outbox

    if not mail_enabled():
        click.echo("LMS_MAIL_SERVER is not set: no e-mail is queued or sent.")
        return
    click.echo(f"{send_outbox()} e-mail(s) sent.")


@lms_cli.command("appraisal-reminders")
def appraisal_reminders_command() -> None:
    """Remind raters of unsubmitted appraisal forms whose deadline is near or past (for a daily cron)."""
    from datetime import date

    from flask import current_app

    from competencies.appraisals import cycles

    reminded = cycles.send_reminders(None, date.today(), current_app.config["APPRAISAL_REMINDER_DAYS"])
    db.session.commit()
    click.echo(f"{reminded} penilai diingatkan.")


@lms_cli.command("purge-job-files")
def purge_job_files_command() -> None:
    """Delete the result files of background jobs older than LMS_JOB_FILES_DAYS (also done whenever a job starts)."""
    from flask import current_app

    from lms.jobs.services import purge_expired_files

    purged = purge_expired_files()
    db.session.commit()
    click.echo(f"{purged} berkas hasil tugas dihapus (lebih dari {current_app.config['JOB_FILES_DAYS']} hari).")


# --- backup and restore (kompeten.backup) ---------------------------------------------------------------------

@lms_cli.command("backup")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: DATABASE-YYYYmmdd-HHMMSS.dump, or .sqlite3, in the current folder).")
def backup_command(output: Path | None) -> None:
    """Write a consistent copy of the whole database (everything Kompeten stores) to one file."""
    from datetime import datetime

    from flask import current_app

    from kompeten import backup

    try:
        result = backup.write_backup(current_app, output or backup.default_path(datetime.now()))
    except backup.BackupError as error:
        click.echo(f"Pencadangan gagal: {error}", err=True)
        sys.exit(1)
    size = result.path.stat().st_size
    click.echo(f"Cadangan ditulis: {result.path} ({size / 1024 / 1024:.1f} MB, {result.kind}, "
               f"revisi skema {', '.join(sorted(result.revisions))}).")


@lms_cli.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that holds data (asks for confirmation first).")
def restore_command(path: Path, force: bool) -> None:
    """Restore a backup written by `lms backup` (or deploy/backup.sh) into the configured, empty database."""
    from flask import current_app

    from kompeten import backup

    try:
        found = backup.inspect_backup(current_app, path)
        filled = backup.tables_with_rows()
        if filled and not force:
            click.echo(f"Basis data tujuan ({startup.database_label()}) tidak kosong: {len(filled)} tabel berisi "
                       f"data. Pulihkan ke basis data kosong, atau gunakan --force untuk menggantinya.", err=True)
            sys.exit(1)
        if filled:
            click.confirm(f"Semua data di {startup.database_label()} ({len(filled)} tabel berisi data) akan "
                          f"DIHAPUS dan diganti isi {path}. Lanjutkan?", abort=True)
        result = backup.restore_backup(current_app, found)
    except backup.BackupError as error:
        click.echo(f"Pemulihan gagal: {error}", err=True)
        sys.exit(1)
    click.echo(f"Dipulihkan dari {path}: {result.tables} tabel, {result.rows} baris.")
    if result.migrated:
        click.echo(f"{result.migrated} migrasi dijalankan; skema kini sesuai dengan kode.")
    else:
        click.echo("Revisi skema sesuai dengan kode.")
