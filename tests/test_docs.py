"""Documentation in step with the code: commands in /help, the menu and the README."""

from __future__ import annotations

import re
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
    from bot.settings import Settings

    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"{name.upper()}=" in example, name
        assert name.upper() in README, name


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = "python3 dev.py test"
    assert command in README
    assert command in ci
