"""Documentation in step with the code: commands in /help, the menu and the README; the
licence, the changelog and the contributing guide."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from bot.chat.commands import COMMANDS, help_message
from bot.chat.markup import to_plain
from bot.cli import build_parser, subcommands
from bot.i18n import catalog
from bot.telegram.app import GROUP_MENU, MENU

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_bot_command_is_in_help_the_menu_and_the_readme() -> None:
    help_text = to_plain(help_message(catalog("en"))) + to_plain(help_message(catalog("zh")))
    menu = {c.command for c in MENU}
    for name, command in COMMANDS.items():
        assert f"/{name}" in help_text
        assert name in menu
        assert re.search(rf"`/{name}\b", README), f"/{name} is not in the README"
        assert command.description
    assert {c.command for c in GROUP_MENU} <= menu


def test_every_cli_command_is_in_the_readme() -> None:
    commands = subcommands(build_parser())
    for name in commands:
        assert f"reportbot {name}" in README, name


def test_every_setting_is_documented() -> None:
    from dataclasses import fields

    from bot.settings import Settings

    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    for name in (f.name for f in fields(Settings)):
        assert f"{name.upper()}=" in example, name
        assert name.upper() in README, name


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = "python3 dev.py test"
    assert command in README
    assert command in ci


PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def code_in(markdown: str) -> list[str]:
    """The code of a Markdown text: fenced blocks and `inline` spans."""
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", markdown, flags=re.DOTALL | re.MULTILINE)
    prose = re.sub(r"^```.*?^```", "", markdown, flags=re.DOTALL | re.MULTILINE)
    return [*blocks, *re.findall(r"`([^`\n]+)`", prose)]


def test_license_is_mit_as_pyproject_says() -> None:
    first = (ROOT / "LICENSE").read_text(encoding="utf-8").splitlines()[0]
    assert first == "MIT License"
    assert PYPROJECT["project"]["license"] == "MIT"


def test_changelog_has_an_unreleased_section_and_one_for_this_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## \[([^\]]+)\]", changelog, flags=re.MULTILINE)
    assert headings[0] == "Unreleased"
    version = PYPROJECT["project"]["version"]
    assert version in headings, f"no section for {version}"
    assert re.search(rf"^## \[{re.escape(version)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", changelog, re.M)


def test_every_benchmark_the_contributing_guide_names_exists() -> None:
    named = {
        m for code in code_in(CONTRIBUTING) for m in re.findall(r"-m (benchmarks[\w.]*)", code)
    }
    assert "benchmarks.calibrate" in named
    for module in named:
        parts = module.split(".")
        path = ROOT.joinpath(*parts[:-1], parts[-1] + ".py")
        package = ROOT.joinpath(*parts, "__main__.py")
        assert path.is_file() or package.is_file(), f"python -m {module}: no such module"


def test_every_reportbot_command_the_contributing_guide_names_exists() -> None:
    commands = subcommands(build_parser())
    named = {
        c for code in code_in(CONTRIBUTING) for c in re.findall(r"\breportbot ([a-z]\w*)", code)
    }
    assert "check" in named
    assert named <= set(commands), named - set(commands)


def test_every_file_the_contributing_guide_names_exists() -> None:
    mentioned = {
        path.rstrip(".")
        for code in code_in(CONTRIBUTING)
        for path in re.findall(r"\b((?:knowledge|bot|benchmarks|tests)/[\w./*-]*)", code)
    }
    assert any(p.startswith("knowledge/") for p in mentioned)
    for path in mentioned:
        assert list(ROOT.glob(path)), f"{path} is in CONTRIBUTING.md but not in the project"
