"""What the benchmarks share: the shared demo city (its command-line options, its file, opening it and building it
on first use), and the timing helpers."""

import argparse
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from flask import Flask
from flask_migrate import upgrade

from kompeten.app import create_app
from kompeten.demo import city as demo
from lms.extensions import db


def city_parser(description: str, database_help: str = "default: a SQLite file kept in the temporary directory "
                                                        "and reused") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--employees", type=int, default=15_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database-url", help=database_help)
    return parser


def city_file(args: argparse.Namespace) -> str:
    """The shared SQLite city of this size and seed, built by the first benchmark that needs it."""
    return os.path.join(tempfile.gettempdir(), f"kompeten-bench-city-{args.employees}-{args.seed}.sqlite3")


def city_url(args: argparse.Namespace) -> str:
    return args.database_url or f"sqlite:///{city_file(args)}"


def bench_app(url: str) -> Flask:
    return create_app({"DATABASE_URL": url, "TESTING": True, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})


def open_city(employees: int, seed: int) -> tuple[demo.DemoResult, str]:
    """In an app context: migrate, build the demo city unless it is there, commit; the city and "built in n s"
    or "reused"."""
    upgrade()
    started = time.perf_counter()
    city = demo.build_demo_city(employees=employees, seed=seed)
    db.session.commit()
    return city, f"built in {time.perf_counter() - started:.1f} s" if city.created else "reused"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def login(app: Flask, account: demo.DemoAccount) -> object:
    client = app.test_client()
    response = client.post("/masuk", data={"identifier": account.login, "password": account.password})
    assert response.status_code == 302, f"the demo {account.role} account could not log in"
    return client
