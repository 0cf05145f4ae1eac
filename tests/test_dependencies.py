"""Third-party code the project ships: the vendored JS/CSS under static/vendor is exactly what its manifest
(static/vendor/vendor.json) records, and the pip-audit exceptions each carry their reason."""

import hashlib
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "static" / "vendor"
MANIFEST = VENDOR / "vendor.json"
AUDIT_EXCEPTIONS = ROOT / "requirements" / "audit-exceptions.txt"


def _manifest() -> dict:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))["packages"]


def _recorded_files() -> list[tuple[str, dict, str, dict]]:
    return [(name, package, path, record) for name, package in _manifest().items()
            for path, record in package["files"].items()]


def test_every_vendored_file_is_recorded_and_every_record_has_its_file():
    on_disk = {path.relative_to(VENDOR).as_posix() for path in VENDOR.rglob("*") if path.is_file()} - {"vendor.json"}
    recorded = {path for _name, _package, path, _record in _recorded_files()}
    assert on_disk - recorded == set(), "vendored files missing from static/vendor/vendor.json"
    assert recorded - on_disk == set(), "static/vendor/vendor.json lists files that are not there"


def test_every_package_names_its_npm_release_and_licence_and_ships_the_licence_text():
    for name, package in _manifest().items():
        assert package["npm"] and re.fullmatch(r"\d+\.\d+\.\d+", package["version"]), name
        assert package["licence"] and package["integrity"].startswith("sha512-"), name
        assert any(Path(path).name == "LICENSE" for path in package["files"]), f"{name} ships no LICENSE"


@pytest.mark.parametrize(("path", "record"), [(path, record) for _n, _p, path, record in _recorded_files()],
                         ids=[path for _n, _p, path, _r in _recorded_files()])
def test_vendored_file_is_the_recorded_one(path, record):
    digest = hashlib.sha256((VENDOR / path).read_bytes()).hexdigest()
    assert digest == record["sha256"], f"static/vendor/{path} changed: its sha256 is now {digest}"


@pytest.mark.parametrize(("name", "package", "path", "record"),
                         [row for row in _recorded_files() if "marker" in row[3]],
                         ids=[row[2] for row in _recorded_files() if "marker" in row[3]])
def test_vendored_code_declares_the_recorded_version(name, package, path, record):
    """A file copied from another release than the manifest says (or a manifest bumped without copying the files)
    is caught by the version the file itself declares."""
    text = (VENDOR / path).read_text(encoding="utf-8")
    assert record["marker"].format(version=package["version"]) in text, \
        f"static/vendor/{path} does not declare {name} {package['version']}"


def test_vendored_minified_files_carry_no_source_map_reference():
    """The maps are not shipped: a sourceMappingURL would make browsers' developer tools request a 404."""
    for _name, _package, path, _record in _recorded_files():
        if path.endswith((".js", ".css")):
            assert "sourceMappingURL=" not in (VENDOR / path).read_text(encoding="utf-8")[-300:], path


def test_every_audit_exception_names_an_advisory_and_gives_its_reason():
    """`make audit` passes each id to pip-audit as --ignore-vuln; an id without a reason is not an exception."""
    for number, line in enumerate(AUDIT_EXCEPTIONS.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        advisory, _, reason = line.partition(" ")
        assert re.fullmatch(r"(PYSEC-\d{4}-\d+|GHSA(-[0-9a-z]{4}){3}|CVE-\d{4}-\d+)", advisory), (number, line)
        assert len(reason.strip()) >= 20, f"line {number}: {advisory} needs its reason"
