"""Set up the project's virtual environment on demand, then run the bot, tests or benchmarks.

Usage: python3 dev.py run [reportbot arguments] | test [pytest arguments] | bench

Only the standard library is used here: this script is what turns a fresh clone with
nothing but Python 3.11+ into a working checkout.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".reportbot-installed"
# Each extra set includes the ones after it, so one installed set can serve the others.
EXTRAS = {"dev": ("dev", "telegram"), "telegram": ("telegram",)}


def _project_hash() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]


def _installed() -> set[str]:
    try:
        digest, _, extras = STAMP.read_text(encoding="utf-8").partition(" ")
    except FileNotFoundError:
        return set()
    return set(extras.split(",")) if digest == _project_hash() else set()


def ensure_env(extra: str) -> None:
    """Create .venv and install the project with `extra`, unless pyproject.toml is unchanged."""
    if extra in _installed():
        return
    if not (BIN / "python").exists():
        print("Creating virtual environment in .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print(f"Installing the project with its {extra!r} dependencies ...", flush=True)
    pip = [str(BIN / "python"), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "-e", f".[{extra}]"], cwd=ROOT, check=True)
    STAMP.write_text(f"{_project_hash()} {','.join(EXTRAS[extra])}", encoding="utf-8")


def _run(*args: str) -> int:
    print("$ " + " ".join(args), flush=True)
    return subprocess.run([str(BIN / args[0]), *args[1:]], cwd=ROOT, check=False).returncode


def ensure_redis() -> None:
    """The tests run a real Redis server: install Debian's redis-server when it is missing and
    this is root on a machine with apt (as in CI). Elsewhere the Redis tests are skipped, with
    their reason, except under CI=true, where they fail."""
    if shutil.which("redis-server") or os.name != "posix" or not shutil.which("apt-get"):
        return
    if os.geteuid() != 0:
        print("redis-server is not installed: the Redis tests will be skipped.", flush=True)
        return
    print("Installing redis-server (for the tests) ...", flush=True)
    apt = shutil.which("apt-get") or "apt-get"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}

    def apt_get(*args: str) -> int:
        return subprocess.run(
            [apt, *args], check=False, stdout=subprocess.DEVNULL, env=env
        ).returncode

    install = ("install", "-y", "-q", "--no-install-recommends", "redis-server")
    if apt_get(*install) != 0:  # the package lists may be missing on a fresh machine
        apt_get("update", "-q")
        apt_get(*install)
    service = shutil.which("service")
    if shutil.which("redis-server") and service:
        # Debian starts the service it installs; the tests start their own on a free port.
        subprocess.run([service, "redis-server", "stop"], check=False, capture_output=True)


def test(pytest_args: list[str]) -> int:
    """Lint, format check, type check, then the whole test suite; fail if any step fails."""
    ensure_env("dev")
    ensure_redis()
    failed = [
        name
        for name, code in (
            ("ruff check", _run("ruff", "check", ".")),
            ("ruff format", _run("ruff", "format", "--check", ".")),
            ("mypy", _run("mypy")),
            # pytest exits 5 when it collects no tests: that is a failure too.
            ("pytest", _run("pytest", *pytest_args)),
        )
        if code != 0
    ]
    print("FAILED: " + ", ".join(failed) if failed else "All checks passed.", flush=True)
    return 1 if failed else 0


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):
        print("Python 3.11 or newer is needed.", file=sys.stderr)
        return 2
    command, rest = (argv[0], argv[1:]) if argv else ("", [])
    if command == "run":
        ensure_env("telegram")
        if os.name == "posix":  # hand the terminal and signals straight to the bot
            os.execv(BIN / "reportbot", ["reportbot", *rest])
        return _run("reportbot", *rest)
    if command == "test":
        return test(rest)
    if command == "bench":
        ensure_env("dev")
        return _run("python", "-m", "benchmarks", *rest)
    print(__doc__.strip().splitlines()[2], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
