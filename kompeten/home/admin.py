"""The administrator's queue: accounts locked for a while after failed log-ins, disabled or still on a temporary
password, stopped background jobs, and
warnings about settings (the public address certificates print, the job queue)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from flask_babel import gettext as _
from sqlalchemy import func, select

from kompeten.startup import public_base_url_problem
from lms.auth.queries import account_state_counts
from lms.extensions import db
from lms.jobs.services import stopped_jobs

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


@dataclass
class AdminQueue:
    accounts: dict[str, int]  # state of lms.auth.queries.ACCOUNT_STATES -> accounts
    stopped_jobs: int
    warnings: list[str] = field(default_factory=list)


def settings_warnings(app: Flask) -> list[str]:
    """What an administrator should change in the settings, in words (the start-up checks refuse the worst)."""
    config: Any = app.config
    warnings = []
    url = config.get("PUBLIC_BASE_URL") or ""
    if not url or public_base_url_problem(app):
        warnings.append(_("LMS_PUBLIC_BASE_URL belum diatur atau bukan alamat http(s) yang lengkap: alamat "
                          "verifikasi dan kode QR pada sertifikat memerlukannya."))
    elif urlsplit(url).hostname in LOCAL_HOSTS:
        warnings.append(_("LMS_PUBLIC_BASE_URL menunjuk ke komputer server sendiri (%(url)s): kode QR dan alamat "
                          "verifikasi pada sertifikat tidak dapat dibuka dari perangkat lain.", url=url))
    if not config.get("BROKER_URL"):
        warnings.append(_("LMS_BROKER_URL belum diatur: tugas latar belakang berjalan di dalam proses aplikasi web "
                          "dan terhenti bila proses itu dimulai ulang. Untuk lebih dari satu server, jalankan worker "
                          "Celery dengan Redis."))
    return warnings


def admin_queue(app: Flask) -> AdminQueue:
    stopped = db.session.scalar(select(func.count()).select_from(stopped_jobs().order_by(None).subquery())) or 0
    return AdminQueue(account_state_counts(), stopped, settings_warnings(app))
