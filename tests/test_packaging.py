"""The bot as an operator installs it: a wheel with the knowledge base and the catalogs inside,
installed into a fresh virtual environment, run from outside the checkout, as root and as an
unprivileged user, and pointed at another knowledge folder with REPORTBOT_KNOWLEDGE_DIR.

The wheel is built once per test run (from a copy of the checkout, so the checkout gets no
build/ folder) and installed with its dependencies from the package index, pip's cache allowed.
Off CI, no network to the index skips these tests; on CI (CI set) it fails them.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from install_support import QUESTION, ROOT, assert_answered_from_the_report, skip_offline_else_fail

from bot.cli import main
from bot.version import version

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
VERSION: str = PYPROJECT["project"]["version"]
KNOWLEDGE_SUFFIXES = (".txt", ".yaml", ".md")
# Everything of the checkout a build does not need (or must not see: a stale build/ folder).
NOT_SOURCES = shutil.ignore_patterns(
    ".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__", "*_cache",
    ".hypothesis", ".env", "data", "*.sqlite*", "*.db",
)  # fmt: skip


# ---------------------------------------------------------------- without building anything


def test_every_package_of_the_checkout_is_in_the_setuptools_packages() -> None:
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    # A folder of bot/ with Python files in it is a package (an __init__.py or not).
    modules = (p for p in (ROOT / "bot").rglob("*.py") if "__pycache__" not in p.parts)
    found = {".".join(module.parent.relative_to(ROOT).parts) for module in modules}
    assert {"bot", "bot.engine"} <= found
    missing = sorted(found - listed)
    assert not missing, f"add {missing} to [tool.setuptools] packages in pyproject.toml"
    assert sorted(listed - found - {"reportbot_knowledge"}) == []
    assert PYPROJECT["tool"]["setuptools"]["package-dir"]["reportbot_knowledge"] == "knowledge"


def test_version_flag_prints_the_installed_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    # The checkout's .venv holds an editable install, whose metadata is pyproject's.
    assert capsys.readouterr().out == f"reportbot {VERSION}\n"


def test_version_is_unknown_when_the_package_is_not_installed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib.metadata

    def not_installed(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", not_installed)
    assert version() == "unknown"


# ---------------------------------------------------------------- the wheel


def pip(*args: str, python: str = sys.executable) -> None:
    """Run pip; a failure skips the test when the index is out of reach off CI, else fails it."""
    done = subprocess.run(
        [python, "-m", "pip", "--disable-pip-version-check", "--no-input", *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        skip_offline_else_fail(f"pip {' '.join(args)}", done.stdout + done.stderr)


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built by `pip wheel --no-deps` from a copy of the checkout."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCES)
    pip("wheel", "--no-deps", "-q", "-w", str(work / "out"), str(source))
    (built,) = (work / "out").glob("*.whl")
    return built


def _packaged_files() -> dict[str, Path]:
    """What the wheel must hold: name in the wheel -> the checkout's file."""
    expected = {
        f"reportbot_knowledge/{p.relative_to(ROOT / 'knowledge').as_posix()}": p
        for p in (ROOT / "knowledge").rglob("*")
        if p.suffix in KNOWLEDGE_SUFFIXES and p.is_file()
    }
    locales = ROOT / "bot" / "locales"
    for path in [*locales.rglob("*.po"), *locales.rglob("*.pot"), *(ROOT / "bot").rglob("*.py")]:
        if "__pycache__" not in path.parts:
            expected[path.relative_to(ROOT).as_posix()] = path
    return expected


@pytest.mark.network
def test_wheel_holds_the_code_the_knowledge_base_and_the_catalogs(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        expected = _packaged_files()
        for required in (
            "reportbot_knowledge/report.txt",
            "reportbot_knowledge/report.yaml",
            "reportbot_knowledge/sections.yaml",
            "reportbot_knowledge/glossary.yaml",
            "reportbot_knowledge/gaps.yaml",
            "reportbot_knowledge/services.yaml",
            "reportbot_knowledge/README.md",
            "reportbot_knowledge/__init__.py",
            "bot/locales/reportbot.pot",
            "bot/locales/zh/LC_MESSAGES/reportbot.po",
        ):
            assert required in names, required
        assert any(n.startswith("reportbot_knowledge/facts/") for n in names)
        assert any(n.startswith("reportbot_knowledge/statements/") for n in names)
        missing = sorted(set(expected) - names)
        assert not missing, f"not in the wheel: {missing}"
        for name, path in expected.items():
            assert archive.read(name) == path.read_bytes(), f"{name} differs from the checkout"
        info = f"jiaxing_reportbot-{VERSION}.dist-info"
        entry_points = archive.read(f"{info}/entry_points.txt").decode()
        assert "reportbot = bot.cli:entry" in entry_points
        assert f"{info}/licenses/LICENSE" in names
    assert not [n for n in names if n.startswith(("tests/", "benchmarks/", "knowledge/"))]
    assert not [n for n in names if "__pycache__" in n or n.endswith((".pyc", ".mo"))]


# ---------------------------------------------------------------- installed in a fresh venv


def _unprivileged_user() -> tuple[int, int]:
    try:
        entry = pwd.getpwnam("nobody")
    except KeyError:
        return 65534, 65534
    return entry.pw_uid, entry.pw_gid


def _as_unprivileged() -> list[str] | None:
    """A command prefix that runs a program as user nobody, when this test runs as root."""
    if os.geteuid() != 0:
        return None
    uid, gid = _unprivileged_user()
    if setpriv := shutil.which("setpriv"):
        return [setpriv, f"--reuid={uid}", f"--regid={gid}", "--clear-groups"]
    if runuser := shutil.which("runuser"):
        return [runuser, "-u", pwd.getpwuid(uid).pw_name, "--"]
    return None


def _interpreter(drop: list[str] | None) -> tuple[str, bool]:
    """A Python 3.11+ to make the environment with, and whether user nobody can run it.

    This interpreter's base is preferred; when the test drops privileges and that one lies
    where nobody cannot read (a Python under /root), a system Python is taken instead.
    """
    candidates = [
        getattr(sys, "_base_executable", sys.executable),
        "/usr/local/bin/python3",
        "/usr/bin/python3",
    ]
    usable = [
        c
        for c in dict.fromkeys(candidates)
        if Path(c).is_file()
        and subprocess.run(
            [c, "-c", "import sys, venv, ensurepip; assert sys.version_info >= (3, 11)"],
            capture_output=True,
            check=False,
        ).returncode
        == 0
    ]
    assert usable, "no Python 3.11+ with venv and ensurepip"
    if drop is None:
        return usable[0], False
    for candidate in usable:
        probe = [*drop, "/usr/bin/env", "-i", candidate, "-c", "import encodings"]  # as run()
        if subprocess.run(probe, capture_output=True, cwd="/", check=False).returncode == 0:
            return candidate, True
    return usable[0], False


@dataclass(frozen=True)
class Installed:
    """The wheel installed in a fresh virtual environment, in a folder everyone can read."""

    root: Path
    drop: list[str] | None  # how to run as user nobody (when this test runs as root)
    nobody_can_run: bool

    @property
    def bin(self) -> Path:
        return self.root / "venv" / "bin"

    def run(
        self, *args: str, cwd: Path, env: dict[str, str], as_nobody: bool = False
    ) -> subprocess.CompletedProcess[str]:
        """`reportbot ARGS` from `cwd` with only the given settings (no PYTHONPATH, no .env)."""
        environment = {"PATH": f"{self.bin}:/usr/bin:/bin", "LANG": "C.UTF-8", **env}
        command = [str(self.bin / "reportbot"), *args]
        if as_nobody:
            assert self.drop is not None
            settings = [f"{name}={value}" for name, value in environment.items()]
            command = [*self.drop, "/usr/bin/env", "-i", *settings, *command]
        return subprocess.run(
            command,
            capture_output=True,
            text=True,
            cwd=cwd,
            env=environment,
            timeout=120,
            check=False,
        )


@pytest.fixture(scope="session")
def installed(wheel: Path) -> Iterator[Installed]:
    root = Path(tempfile.mkdtemp(prefix="reportbot-installed-"))
    try:
        root.chmod(0o755)  # readable by user nobody too (pytest's own tmp folders are not)
        drop = _as_unprivileged()
        python, nobody_can_run = _interpreter(drop)
        subprocess.run([python, "-m", "venv", str(root / "venv")], check=True, timeout=300)
        pip("install", "-q", str(wheel), python=str(root / "venv" / "bin" / "python"))
        yield Installed(root, drop, nobody_can_run)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _one_answer(done: subprocess.CompletedProcess[str]) -> dict[str, object]:
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    answer: dict[str, object] = json.loads(line)
    return answer


def _assert_runs(
    installed: Installed, cwd: Path, env: dict[str, str], *, as_nobody: bool = False
) -> None:
    """`ask --json`, `--version` and `check` of the installed bot, from `cwd`."""
    asked = installed.run("ask", "--json", QUESTION, cwd=cwd, env=env, as_nobody=as_nobody)
    assert_answered_from_the_report(_one_answer(asked))
    shown = installed.run("--version", cwd=cwd, env=env, as_nobody=as_nobody)
    assert (shown.returncode, shown.stdout) == (0, f"reportbot {VERSION}\n"), shown.stderr
    checked = installed.run("check", cwd=cwd, env=env, as_nobody=as_nobody)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("Knowledge base OK: Report on the Work of the Jiaxing")


@pytest.mark.network
def test_installed_bot_answers_from_outside_the_checkout(
    installed: Installed, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    _assert_runs(installed, tmp_path, {"HOME": str(tmp_path), "REPORTBOT_CACHE_DIR": str(cache)})
    assert list(cache.glob("engine-*")), "the engine was not cached"
    # The code and the knowledge base are the installed ones, not the checkout's.
    where = subprocess.run(
        [
            str(installed.bin / "python"),
            "-c",
            "import bot, bot.knowledge.paths as p; print(bot.__file__); print(p.DEFAULT_DIR)",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin"},
        check=True,
    ).stdout.splitlines()
    site = installed.root / "venv" / "lib"
    assert [Path(p).is_relative_to(site) for p in where] == [True, True], where
    assert Path(where[1]).name == "reportbot_knowledge"


@pytest.mark.network
def test_installed_bot_runs_as_an_unprivileged_user(installed: Installed) -> None:
    if os.geteuid() != 0:
        pytest.skip(f"the tests already run as a non-root user (uid {os.geteuid()})")
    if installed.drop is None:
        pytest.skip("neither setpriv nor runuser is installed: cannot run as user nobody")
    if not installed.nobody_can_run:
        pytest.skip("no Python 3.11+ here that user nobody can read (only one under /root)")
    uid, gid = _unprivileged_user()
    home = installed.root / "home"
    home.mkdir()
    os.chown(home, uid, gid)
    # No REPORTBOT_CACHE_DIR: the cache goes where the user's home says.
    _assert_runs(installed, home, {"HOME": str(home)}, as_nobody=True)
    entries = list((home / ".cache" / "reportbot").glob("engine-*"))
    assert entries, "the engine was not cached in ~/.cache/reportbot"
    assert entries[0].stat().st_uid == uid


def _with_keyword(knowledge: Path, fact_id: str, keyword: str) -> None:
    """Add `keyword` to the keywords of fact `fact_id` in a copy of the knowledge folder."""
    for path in sorted((knowledge / "facts").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        start = text.find(f"- id: {fact_id}\n")
        if start < 0:
            continue
        at = text.index("keywords: [", start) + len("keywords: [")
        path.write_text(text[:at] + keyword + ", " + text[at:], encoding="utf-8")
        return
    raise AssertionError(f"no fact {fact_id}")


@pytest.mark.network
def test_installed_bot_reads_the_knowledge_folder_the_operator_points_it_at(
    installed: Installed, tmp_path: Path
) -> None:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", knowledge)
    _with_keyword(knowledge, "gdp-growth-2018", "zorblax index")
    settings = {"HOME": str(tmp_path), "REPORTBOT_CACHE_DIR": str(tmp_path / "cache")}

    shipped = _one_answer(
        installed.run("ask", "--json", "zorblax index", cwd=tmp_path, env=settings)
    )
    assert shipped["status"] != "answered", shipped

    settings["REPORTBOT_KNOWLEDGE_DIR"] = str(knowledge)
    edited = _one_answer(
        installed.run("ask", "--json", "zorblax index", cwd=tmp_path, env=settings)
    )
    assert edited["status"] == "answered", edited
    assert edited["answers"][0]["id"] == "gdp-growth-2018"  # type: ignore[index]


# ---------------------------------------------------------------- the service, installed


@pytest.fixture(scope="session")
def installed_service(installed: Installed, wheel: Path) -> Installed:
    """The same environment with the `telegram` extra: what the container runs."""
    pip("install", "-q", f"{wheel}[telegram]", python=str(installed.bin / "python"))
    return installed


@pytest.mark.network
def test_installed_service_runs_webhook_with_redis_survives_a_restart_and_reloads(
    installed_service: Installed, tmp_path: Path, redis_url: str
) -> None:
    """The whole operator's path from the wheel: webhook mode with state in Redis, health and
    metrics on the webhook port, follow-up context through a restart, and a reloaded edit."""
    from bot_process import free_port, post, wait_for
    from fake_bot_api import TOKEN, FakeBotApi, serve_http

    knowledge = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", knowledge)
    port = free_port()
    local = f"http://127.0.0.1:{port}"
    api = FakeBotApi()
    with serve_http(api) as server:
        env = {
            "PATH": f"{installed_service.bin}:/usr/bin:/bin", "LANG": "C.UTF-8",
            "HOME": str(tmp_path), "REPORTBOT_CACHE_DIR": str(tmp_path / "cache"),
            "REPORTBOT_KNOWLEDGE_DIR": str(knowledge),
            "REPORTBOT_DATA_DIR": str(tmp_path / "data"),
            "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": server,
            "BOT_MODE": "webhook", "WEBHOOK_URL": "https://bot.example.org/hook",
            "WEBHOOK_LISTEN": "127.0.0.1", "WEBHOOK_PORT": str(port),
            "WEBHOOK_SECRET": "a-webhook-secret", "REDIS_URL": redis_url,
        }  # fmt: skip

        def start() -> subprocess.Popen[str]:
            process = subprocess.Popen(
                [str(installed_service.bin / "reportbot"), "telegram"], cwd=tmp_path, env=env,
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            )  # fmt: skip
            assert wait_for(lambda: _status(f"{local}/healthz/ready") == 200, 120), "not ready"
            return process

        def ask(text: str, user: int = 42) -> str:
            before = len(api.sent())
            update = api.message(text, user=api.user(user))
            update["message"]["chat"] = api.chat(chat_id=user)
            assert post(f"{local}/hook", update, "a-webhook-secret") == 200
            assert wait_for(lambda: len(api.sent()) > before, 60), f"no answer to {text!r}"
            return api.texts()[-1]

        process = start()
        try:
            assert _status(f"{local}/healthz") == 200
            assert ask("new jobs 2018").startswith("<b>110,000</b>")
            metrics = _body(f"{local}/metrics")
            assert 'reportbot_answers_total{reason="fact",status="answered"} 1.0' in metrics
        finally:
            _terminate(process)

        process = start()  # a new process: the follow-up's context comes from Redis
        try:
            assert ask("and in 2019?").startswith("<b>66,000</b>")
            _with_keyword(knowledge, "gdp-growth-2018", "zorblax index")
            assert not ask("zorblax index").startswith("<b>7.6%")
            reloaded = installed_service.run("reload", cwd=tmp_path, env=env)
            assert reloaded.returncode == 0, reloaded.stderr
            askers = iter(range(1000, 2000))  # a new user each time: no one is throttled

            def edited() -> bool:
                return ask("zorblax index", next(askers)).startswith("<b>7.6%")

            assert wait_for(edited, 60), api.texts()[-1]
        finally:
            err = _terminate(process)
    assert TOKEN not in err
    assert "a-webhook-secret" not in err


def _status(url: str) -> int:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except OSError:
        return 0


def _body(url: str) -> str:
    import urllib.request

    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode("utf-8"))


def _terminate(process: subprocess.Popen[str]) -> str:
    """SIGTERM, then the process's stderr; it must stop cleanly."""
    process.terminate()
    try:
        _, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate()
        pytest.fail(f"the bot did not stop on SIGTERM:\n{err}")
    assert process.returncode == 0, err
    return err
