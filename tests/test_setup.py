"""The project's own set-up: the system-package check, the locked dependencies, the warning policy, the README.

The system-package check runs against a stand-in ``dpkg-query`` (a script on PATH that answers from a list of
"installed" packages) and a recording installer, so both the root and the non-root path are exercised without
touching this machine's packages.
"""

import importlib.metadata
import importlib.util
import os
import re
import subprocess
import sys
import time
import tomllib
import warnings
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement

from kompeten.config import DefaultConfig

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "system_deps.py"


def _load_script():
    spec = importlib.util.spec_from_file_location("system_deps", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


system_deps = _load_script()
APP_PACKAGES = ["libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-dejavu-core"]


@pytest.fixture
def fake_dpkg(tmp_path, monkeypatch):
    """A ``dpkg-query`` on PATH that reports the packages in the returned list as installed."""
    installed_file = tmp_path / "installed.txt"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    query = bin_dir / "dpkg-query"
    query.write_text(f"""#!/bin/sh
status=0
for name in "$@"; do
  case "$name" in -*) continue;; esac
  if grep -qx "$name" {installed_file}; then echo "$name ii "
  else echo "dpkg-query: no packages found matching $name" >&2; status=1; fi
done
exit $status
""")
    query.chmod(0o755)
    (bin_dir / "apt-get").symlink_to("/bin/true")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")

    def set_installed(*names: str) -> None:
        installed_file.write_text("".join(f"{name}\n" for name in names))

    def add_installed(names) -> int:
        with installed_file.open("a") as file:
            file.writelines(f"{name}\n" for name in names)
        return 0

    set_installed()
    return set_installed, add_installed


def test_as_root_the_missing_packages_are_installed_with_apt_get(fake_dpkg, capsys):
    set_installed, add_installed = fake_dpkg
    set_installed("libpango-1.0-0", "libpangoft2-1.0-0", "fonts-dejavu-core")
    asked = []

    def install(packages):
        asked.append(list(packages))
        return add_installed(packages)

    assert system_deps.main(["--tests"], is_root=True, install=install) == 0
    assert asked == [["libharfbuzz-subset0", "chromium", "postgresql-client", "poppler-utils"]]
    output = capsys.readouterr()
    assert "libharfbuzz-subset0" in output.err and "font subsetting" in output.err
    assert "installed: libharfbuzz-subset0 chromium postgresql-client poppler-utils" in output.out


def test_without_root_it_stops_with_the_command_to_run(fake_dpkg, capsys):
    set_installed, _add = fake_dpkg
    set_installed("libpango-1.0-0", "libpangoft2-1.0-0", "fonts-dejavu-core", "chromium", "postgresql-client",
                  "poppler-utils")

    def install(packages):
        raise AssertionError("nothing may be installed without root")

    assert system_deps.main([], is_root=False, install=install) == 1
    error = capsys.readouterr().err
    assert "sudo apt-get install -y -qq --no-install-recommends libharfbuzz-subset0\n" in error
    assert "then run make again" in error


def test_an_install_that_fails_is_reported_and_stops(fake_dpkg, capsys):
    assert system_deps.main([], is_root=True, install=lambda packages: 100) == 1
    error = capsys.readouterr().err
    assert "failed (status 100)" in error
    assert "still missing: " + " ".join(APP_PACKAGES) in error


def test_the_app_needs_no_browser_or_database_client_and_the_tests_do(fake_dpkg):
    set_installed, _add = fake_dpkg
    set_installed(*APP_PACKAGES)
    assert system_deps.main([], is_root=False) == 0
    assert system_deps.main(["--tests"], is_root=False) == 1


def test_a_debian_python_without_venv_support_asks_for_its_venv_package():
    assert system_deps.venv_package("/usr", has_ensurepip=False, version=(3, 11)) == "python3.11-venv"
    assert system_deps.venv_package("/usr", has_ensurepip=True, version=(3, 11)) is None
    assert system_deps.venv_package("/opt/python", has_ensurepip=False, version=(3, 12)) is None


def test_on_this_machine_everything_is_present_and_the_check_is_quick():
    """make test ran the check before this suite: a second run finds nothing to do, well under a second."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, str(SCRIPT), "--tests"], capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert elapsed < 1.0


def test_without_dpkg_the_libraries_are_looked_for_by_name():
    assert system_deps.missing(system_deps.required(tests=False), [], has_dpkg=False) == []


# --- locked Python dependencies ------------------------------------------------------------------------------

def _lock(name: str) -> dict[str, tuple[str, str]]:
    """package -> (version, marker) of requirements/<name>.lock, every entry checked to carry hashes."""
    text = (ROOT / "requirements" / f"{name}.lock").read_text()
    pins = {}
    for entry in re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2]):
        match = re.match(r"([A-Za-z0-9._-]+)==([^\s;\\]+)(?: ; ([^\\]+?))? \\\n\s+--hash=sha256:", entry)
        assert match, f"an entry of {name}.lock is not pinned with a hash: {entry[:80]!r}"
        pins[_canonical(match[1])] = (match[2], (match[3] or "").strip())
    return pins


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared(extra: bool) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [Requirement(text) for text in project["dependencies"] + (project["optional-dependencies"]["dev"]
                                                                     if extra else [])]


@pytest.mark.parametrize(("lock", "with_dev"), [("run", False), ("dev", True)])
def test_each_lock_pins_every_declared_dependency_within_its_range(lock, with_dev):
    pins = _lock(lock)
    for requirement in _declared(with_dev):
        version, _marker = pins[_canonical(requirement.name)]
        assert requirement.specifier.contains(version), f"{requirement} is locked at {version}: run make lock"


def test_the_app_lock_is_the_dev_lock_without_the_test_tools():
    run, dev = _lock("run"), _lock("dev")
    assert all(dev[name][0] == version for name, (version, _marker) in run.items())
    assert "pytest" not in run and "playwright" not in run


def test_the_installed_environment_is_the_locked_one():
    environment = default_environment()
    for name, (version, marker) in {**_lock("dev"), **_lock("tools")}.items():
        if marker and not Requirement(f"{name}; {marker}").marker.evaluate(environment):
            continue
        assert importlib.metadata.version(name) == version, f"{name}: run make test to install the lock"


# --- warnings --------------------------------------------------------------------------------------------------

def test_a_warning_from_our_code_fails_and_a_library_s_own_warning_is_only_shown():
    with warnings.catch_warnings(record=True) as shown:
        warnings.warn_explicit("about itself", DeprecationWarning, "ffi.py", 1, module="weasyprint.text.ffi")
    assert [str(warning.message) for warning in shown] == ["about itself"]
    for module in ("lms.pdf", "courses.certificates.services", "competencies.gaps", "tests.test_setup"):
        with pytest.raises(DeprecationWarning):
            warnings.warn_explicit(f"from {module}", DeprecationWarning, "x.py", 1, module=module)


def test_pdfs_are_rendered_with_harfbuzz_subset():
    """Without libharfbuzz-subset0 WeasyPrint falls back to fontTools: about 7x slower, larger PDFs."""
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    assert harfbuzz_subset is not None
    assert harfbuzz.hb_version_atleast(4, 1, 0)


# --- the README ------------------------------------------------------------------------------------------------

def test_the_readme_documents_every_setting():
    readme = (ROOT / "README.md").read_text()
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    settings = [name for name in vars(DefaultConfig) if name.isupper()] + ["INSTANCE_PATH"]
    assert [name for name in settings if f"`LMS_{name}`" not in table] == []
