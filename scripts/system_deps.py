#!/usr/bin/env python3
"""Check, and on Debian/Ubuntu as root install, the system packages Kompeten needs.

    python3 scripts/system_deps.py            # what the app needs (make run, make worker)
    python3 scripts/system_deps.py --tests    # and what the test suite and CI need (make test)

Run by the Makefile before anything else. It uses the standard library only (no virtual environment exists yet)
and takes a few milliseconds when everything is present. As root on a system with apt-get it installs what is
missing, non-interactively; otherwise it prints the command to run and exits with status 1.
"""

import argparse
import ctypes.util
import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Need:
    package: str  # the Debian/Ubuntu package
    purpose: str
    probe: Callable[[], bool]  # on systems without dpkg: is it there all the same?
    tests_only: bool = False


def _library(name: str) -> Callable[[], bool]:
    return lambda: ctypes.util.find_library(name) is not None


def _program(*names: str) -> Callable[[], bool]:
    return lambda: any(shutil.which(name) for name in names)


def _font(filename: str) -> Callable[[], bool]:
    folders = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".local/share/fonts",
               Path("/Library/Fonts"), Path.home() / "Library/Fonts"]
    return lambda: any(next(folder.rglob(filename), None) for folder in folders if folder.is_dir())


# WeasyPrint (PDFs) loads Pango and HarfBuzz through ctypes; without HarfBuzz's subsetter it embeds fonts through
# fontTools, about 7x slower and warning on every import. The PDF templates name the DejaVu fonts.
NEEDS = (
    Need("libpango-1.0-0", "PDF: tata letak teks / text layout (WeasyPrint)", _library("pango-1.0")),
    Need("libpangoft2-1.0-0", "PDF: huruf / fonts (WeasyPrint)", _library("pangoft2-1.0")),
    Need("libharfbuzz-subset0", "PDF: subset huruf / font subsetting (WeasyPrint)", _library("harfbuzz-subset")),
    Need("fonts-dejavu-core", "PDF: huruf DejaVu Sans, Serif, Mono / DejaVu fonts", _font("DejaVuSans.ttf")),
    Need("chromium", "uji peramban / browser tests (Playwright)", _program("chromium", "chromium-browser"),
         tests_only=True),
    Need("postgresql-client", "psql, pg_dump: uji PostgreSQL dan cadangan / PostgreSQL run and backup test",
         _program("pg_dump"), tests_only=True),
    Need("poppler-utils", "pdftoppm: halaman PDF sebagai gambar / PDF pages as pictures (visual tests)",
         _program("pdftoppm"), tests_only=True),
)


def required(*, tests: bool) -> list[Need]:
    return [need for need in NEEDS if tests or not need.tests_only]


def venv_package(python_prefix: str, has_ensurepip: bool, version: tuple[int, int]) -> str | None:
    """Debian's own Python creates virtual environments only with its pythonX.Y-venv package installed."""
    if has_ensurepip or python_prefix != "/usr":
        return None
    return f"python{version[0]}.{version[1]}-venv"


def installed_packages(names: Sequence[str]) -> set[str]:
    """The names dpkg reports as installed (dpkg-query exits 1 when any name is unknown: that is expected)."""
    result = subprocess.run(["dpkg-query", "-W", "-f=${Package} ${db:Status-Abbrev}\n", *names],  # noqa: S603, S607
                            capture_output=True, text=True, check=False)
    return {line.split()[0] for line in result.stdout.splitlines() if line.split()[1:2] == ["ii"]}


def missing(needs: Iterable[Need], extra_packages: Iterable[str], *, has_dpkg: bool) -> list[str]:
    """The packages to install: asked of dpkg where there is one, otherwise found by probing."""
    needs, extra_packages = list(needs), list(extra_packages)
    if has_dpkg:
        names = [need.package for need in needs] + extra_packages
        present = installed_packages(names)
        return [name for name in names if name not in present]
    return [need.package for need in needs if not need.probe()] + extra_packages


def install_command(packages: Sequence[str]) -> list[str]:
    return ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages]


def apt_install(packages: Sequence[str]) -> int:
    """apt-get update, then install; apt's own output is shown only when it fails."""
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], install_command(packages)):
        print("system-deps: " + " ".join(command), flush=True)
        result = subprocess.run(command, env=environment, capture_output=True, text=True,  # noqa: S603
                                check=False)
        if result.returncode:
            print("\n".join((result.stdout + result.stderr).splitlines()[-30:]), file=sys.stderr)
            return result.returncode
    return 0


def describe(packages: Sequence[str], needs: Iterable[Need]) -> str:
    purposes = {need.package: need.purpose for need in needs}
    return "\n".join(f"  {name:<22} {purposes.get(name, 'lingkungan virtual Python / Python venv')}"
                     for name in packages)


def main(argv: Sequence[str] | None = None, *, is_root: bool | None = None,
         install: Callable[[Sequence[str]], int] = apt_install) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tests", action="store_true", help="also what the test suite needs (Chromium)")
    parser.add_argument("--venv", help="the virtual environment the Makefile uses; checked for venv support "
                                       "while it does not exist yet")
    options = parser.parse_args(argv)

    needs = required(tests=options.tests)
    extra = []
    if options.venv and not Path(options.venv, "bin", "python").exists():
        package = venv_package(sys.prefix, importlib.util.find_spec("ensurepip") is not None, sys.version_info[:2])
        extra = [package] if package else []
    has_dpkg = shutil.which("dpkg-query") is not None
    packages = missing(needs, extra, has_dpkg=has_dpkg)
    if not packages:
        return 0

    is_root = os.geteuid() == 0 if is_root is None else is_root
    can_install = is_root and has_dpkg and shutil.which("apt-get") is not None
    print("system-deps: paket sistem yang dibutuhkan belum terpasang / missing system packages:\n"
          + describe(packages, needs), file=sys.stderr, flush=True)
    if can_install:
        status = install(packages)
        still = missing(needs, extra, has_dpkg=has_dpkg)
        if status == 0 and not still:
            print("system-deps: terpasang / installed: " + " ".join(packages), flush=True)
            return 0
        print(f"system-deps: apt-get gagal / failed (status {status}); belum terpasang / still missing: "
              + " ".join(still or packages), file=sys.stderr)
        return 1
    if has_dpkg:
        print("Pasang dengan / install them with:\n  sudo " + " ".join(install_command(packages))
              + "\nlalu jalankan make lagi / then run make again.", file=sys.stderr)
    else:
        print("Pasang paket yang setara dengan pengelola paket sistem ini / install the equivalent packages "
              "with this system's package manager, then run make again.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
