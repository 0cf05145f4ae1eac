"""Default configuration. Every key can be overridden by an ``LMS_``-prefixed environment variable."""

from datetime import timedelta


class DefaultConfig:
    # From LMS_SECRET_KEY, else from the file instance/secret_key that `make run` creates; a server with neither
    # refuses to start (kompeten.startup).
    SECRET_KEY: str | None = None
    # None means: a SQLite file in the instance folder (set in create_app).
    DATABASE_URL = None
    # hide_parameters: a database error's text (in a log's traceback) leaves out the statement's values (NIPs, names)
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "hide_parameters": True}
    # PostgreSQL only: seconds a statement of a web request may run, and may wait for a lock, before it is
    # cancelled and the user gets a "try again" page (503); 0: no limit. Background jobs have their own limits
    # (none by default: PDF batches and imports are long); the command line has none.
    REQUEST_STATEMENT_TIMEOUT = 15
    REQUEST_LOCK_TIMEOUT = 5
    JOBS_STATEMENT_TIMEOUT = 0
    JOBS_LOCK_TIMEOUT = 0

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=8)
    WTF_CSRF_TIME_LIMIT = None

    BABEL_DEFAULT_LOCALE = "id"
    BABEL_DEFAULT_TIMEZONE = "Asia/Jakarta"
    LANGUAGES = ("id", "en")

    # Login throttling (lms.auth.services), by client address, never by account alone (so that nobody can lock an
    # owner out): after LOGIN_SLOWDOWN_AFTER failures of one address on one account, and after
    # LOGIN_ADDRESS_SLOWDOWN_AFTER failures of one address on any accounts (offices share a NAT address), each
    # further attempt must wait LOGIN_DELAY_SECONDS * 2**(extra failures), at most LOGIN_MAX_DELAY_SECONDS.
    LOGIN_SLOWDOWN_AFTER = 3
    LOGIN_ADDRESS_SLOWDOWN_AFTER = 60
    LOGIN_DELAY_SECONDS = 5
    LOGIN_MAX_DELAY_SECONDS = 900
    LOGIN_FAILURE_WINDOW_MINUTES = 30

    # Number of reverse proxies in front of the app whose X-Forwarded-* headers are trusted (0: none): the client
    # address (log-in throttling) and whether the request came over HTTPS (HSTS, the Secure cookie flag).
    PROXY_COUNT = 0
    # Strict-Transport-Security max-age sent with responses served over HTTPS (0: no header).
    HSTS_SECONDS = 31536000

    # Required level of the ASN managerial and socio-cultural competencies by position kind[:grade]; entries here
    # replace the built-in table (competencies.builtin.DEFAULT_MANAGERIAL_LEVELS) key by key.
    MANAGERIAL_LEVELS: dict[str, int] = {}

    # Job person match (JPM) as BKN computes it: sum of achieved levels / sum of required levels x 100
    # (competencies.jpm, data/reference/jpm-bkn.md). No regulation seen says whether a level above the standard
    # counts only up to it (public systems count it in full) or caps the total at 100 (one caps before
    # categorising); a percentage weight of the technical ratio against the managerial and socio-cultural one
    # (null: every competency alike, as all public implementations; the JFKK regulation uses 40-60 by level).
    JPM_CAP_PER_COMPETENCY = False
    JPM_CAP_AT_100 = True
    JPM_TECHNICAL_WEIGHT: float | None = None
    # Categories, lower bounds inclusive. Mapping (pemetaan): Optimal from 90, Cukup Optimal from 78 (public
    # assessment software; regulation unverified). Selection (seleksi/promosi): Memenuhi Syarat from 80, Masih
    # Memenuhi Syarat from 68 (Berita Negara 2020 No. 35, uji kompetensi JFKK). Instances may set their own.
    JPM_OPTIMAL_FROM = 90
    JPM_FAIRLY_OPTIMAL_FROM = 78
    JPM_QUALIFIED_FROM = 80
    JPM_STILL_QUALIFIED_FROM = 68
    # The gap heat map greys out a cell of fewer people than this (a share of one or two people is no signal).
    HEATMAP_MIN_PEOPLE = 5

    PAGE_SIZE = 25
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    ROSTER_MAX_BYTES = 5 * 1024 * 1024
    # A whole city's standar kompetensi jabatan (about 50,000 rows) is a 5 MB CSV.
    REQUIREMENTS_MAX_BYTES = 15 * 1024 * 1024

    # E-mail (SMTP). No MAIL_SERVER: notifications stay in the app and no e-mail is queued.
    MAIL_SERVER: str | None = None
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_SENDER = "Kompeten <kompeten@localhost>"
    MAIL_TIMEOUT = 10
    # Deliver the outbox in a background thread after each commit that queued mail (off: `lms send-mail` only).
    MAIL_SEND_IN_BACKGROUND = True
    # Absolute address of the app, for links in e-mails and the verification URL and QR code of certificates (e.g.
    # https://kompeten.pemkomedan.go.id); never taken from a request. A server or worker that is not in debug or
    # testing mode refuses to start without it (kompeten.startup); in debug and tests it is http://localhost.
    PUBLIC_BASE_URL = ""

    # Background jobs (reports, PDF batches): with a broker URL (e.g. redis://127.0.0.1:6379/0) Celery workers run
    # them (`celery -A kompeten.worker worker`); without one, JOBS_THREADS threads of each app process do.
    BROKER_URL: str | None = None
    JOBS_QUEUE = "kompeten"  # the broker queue the app sends jobs to and the workers read
    JOBS_THREADS = 2
    # A running job's worker renews its lease every quarter of JOBS_LEASE_SECONDS; a job whose lease has ended
    # (its worker was killed), or that has not started JOBS_START_SECONDS after it was queued, shows as stopped
    # ("terhenti") and may be run again.
    JOBS_LEASE_SECONDS = 120
    JOBS_START_SECONDS = 3600
    # A job's result file (a report, an import's row-by-row outcome: they hold NIPs and names) is deleted this many
    # days after the job finished; the job's page then says so. Deleted when any job is submitted, or by
    # `flask --app wsgi lms purge-job-files`; never served after that, deleted or not.
    JOB_FILES_DAYS = 14

    # Course materials uploaded by trainers.
    MATERIAL_MAX_BYTES = 10 * 1024 * 1024

    # Completion. HR may reopen a closed workshop for this many days (reopening revokes what closing issued).
    REOPEN_DAYS = 30
    # Attendance by QR code (courses.teaching.checkin): shown and accepted from this long before a session starts
    # until it ends; the trainer's page shows a new code this often, each accepted this long after it was shown;
    # a scan this long after the start counts as late.
    ATTENDANCE_QR_OPENS_MINUTES = 30
    ATTENDANCE_QR_ROTATE_SECONDS = 30
    ATTENDANCE_QR_VALID_SECONDS = 120
    ATTENDANCE_LATE_MINUTES = 15
    TRAINING_HOURS_TARGET_JP = 20  # per employee per year
    # PPPK have no yearly minimum but a maximum per contract year (PP 49/2018 Pasal 40; data/reference/pppk.md).
    TRAINING_HOURS_PPPK_MAX_JP = 24
    # Closing a class of more participants than this renders their certificate PDFs in a background job.
    CERTIFICATES_INLINE_MAX = 60
    # Mandatory training (courses.records.mandatory). A PNS is a CPNS, who owes Latsar, this many months from the
    # TMT CPNS in their NIP (the probation year of PP 11/2017 Pasal 34; unverified here, so a setting). A training
    # record filed in SIASN under these latihanStrukturalId counts as the programme (a mapping commonly used but not
    # confirmed: data/reference/siasn-riwayat-diklat.md).
    CPNS_PROBATION_MONTHS = 12
    MANDATORY_STRUCTURAL_IDS = {"pkp": 2, "pka": 3, "pkn2": 4, "pkn1": 5}
    # Training-needs analysis: the class size assumed for a course that has never had a class.
    TNA_CLASS_SIZE = 30
    # AKPK (courses.planning.akpk): estimated cost of a JP of training per participant, in rupiah (0: unknown).
    AKPK_COST_PER_JP = 0
    # Certificates: number from a per-year sequence, e.g. 0007/SERT/BKPSDM/2026; signatory printed on the PDF.
    CERTIFICATE_NUMBER_TEMPLATE = "{seq:04d}/SERT/BKPSDM/{year}"
    CERTIFICATE_PLACE = "Medan"
    # The letterhead (kop) of every certificate: the government, then the issuing agency.
    CERTIFICATE_GOVERNMENT = "PEMERINTAH KOTA MEDAN"
    CERTIFICATE_AGENCY = "BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA"
    CERTIFICATE_LOGO = ""  # path of the government's emblem (PNG or JPEG), printed left of the letterhead
    CERTIFICATE_SIGNATORY_NAME = "Kepala BKPSDM Kota Medan"
    CERTIFICATE_SIGNATORY_NIP = ""
    CERTIFICATE_SIGNATORY_POSITION = "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kota Medan"
    # The issuing body, named on the public verification page of every certificate.
    CERTIFICATE_ISSUER = "BKPSDM Kota Medan"
    # The public verification pages (/verifikasi): at most VERIFY_RATE_REQUESTS requests from one client address in
    # a window of VERIFY_RATE_WINDOW_SECONDS that starts with its first request (counted in the database with the
    # log-in throttling, so every app server sees them); past it, 429 until the window ends.
    VERIFY_RATE_REQUESTS = 30
    VERIFY_RATE_WINDOW_SECONDS = 60
    EXTERNAL_CERTIFICATE_MAX_BYTES = 5 * 1024 * 1024

    # Appraisals. Rater weights by kind (renormalised over the kinds present for each employee), the days an
    # employee has to object to a final result, and how many days before the due date reminders go out.
    APPRAISAL_WEIGHTS = {"assessor": 40, "supervisor": 30, "peer": 15, "self": 15}
    APPRAISAL_OBJECTION_DAYS = 14
    # A cycle appraising at least this many employees is opened by a background job (seconds for a city).
    APPRAISAL_OPEN_AS_JOB_FROM = 3000
    APPRAISAL_REMINDER_DAYS = 3
    # Hasil kerja from the SKP achievement ratio (mean of actual / target): below BELOW is "di bawah
    # ekspektasi", from ABOVE on "di atas ekspektasi", "sesuai ekspektasi" in between.
    APPRAISAL_RESULT_BELOW = 0.9
    APPRAISAL_RESULT_ABOVE = 1.1
    # Rater-bias analytics: raters with at least MIN_RATINGS ratings of MIN_PEOPLE people are measured; a mean
    # difference from the consolidated levels of LENIENCY or more (either way) flags lenient/severe, a mean
    # spread across one person's competencies below HALO_SPREAD flags a halo effect; a self rating SELF_GAP or
    # more away from the others' mean is listed.
    APPRAISAL_BIAS_MIN_RATINGS = 20
    APPRAISAL_BIAS_MIN_PEOPLE = 3
    APPRAISAL_BIAS_LENIENCY = 0.75
    APPRAISAL_BIAS_HALO_SPREAD = 0.3
    APPRAISAL_SELF_GAP = 1.0
    # Default largest share (percent) of a unit's employees per performance rating, until HR sets the unit's own.
    APPRAISAL_RATING_LIMITS = {"sangat_baik": 20}
