"""The `reportbot` command line: run the bot, chat in the terminal, ask, check the data.

`ask` and `check` never import the Telegram library, so they start fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.knowledge import KnowledgeBase, KnowledgeError

if TYPE_CHECKING:
    from bot.engine import Engine


def _problems(exc: KnowledgeError) -> None:
    for problem in exc.problems:
        print(problem, file=sys.stderr)
    print(f"{len(exc.problems)} problem(s) in the knowledge base.", file=sys.stderr)


def _load() -> KnowledgeBase | None:
    """The knowledge base validated in full (no cache), or None after printing its problems."""
    from bot.knowledge.load import load_knowledge

    try:
        return load_knowledge()
    except KnowledgeError as exc:
        _problems(exc)
        return None


def _engine() -> Engine | None:
    """The engine, from the cache when the knowledge base is unchanged."""
    from bot.loading import load_engine

    try:
        return load_engine()
    except KnowledgeError as exc:
        _problems(exc)
        return None


def cmd_check(args: argparse.Namespace) -> int:
    """Validate the knowledge base and print a summary, or every problem found."""
    from bot.knowledge.coverage import measure

    kb = _load()
    if kb is None:
        return 1
    coverage = measure(kb.report, kb.meta, kb.facts)
    figures = sum(len(f.figures) for f in kb.facts)
    kinds = {kind: sum(f.kind == kind for f in kb.facts) for kind in ("result", "target")}
    print(f"Knowledge base OK: {kb.meta.title}")
    print(f"  sections: {len(kb.sections)} ({len(kb.roots)} top-level)")
    print(
        f"  facts:    {len(kb.facts)} ({kinds['result']} results, {kinds['target']} targets, "
        f"{len(kb.facts) - sum(kinds.values())} other)"
    )
    print(f"  figures:  {figures}")
    curated = sum(s.curated for s in kb.statements)
    print(f"  statements: {len(kb.statements)} ({curated} curated, the rest derived clauses)")
    print(f"  glossary: {len(kb.glossary)} Chinese terms; services: {len(kb.services)}")
    print(f"  gaps:     {len(kb.gaps)} topics the report gives no figure for")
    print(
        f"  coverage: {coverage.percent:.1f}% of {coverage.total} numbers in the report "
        f"({len(coverage.covered)} in facts, {len(coverage.exempt)} names)"
    )
    for token in coverage.missing:
        line = kb.report.lines[token.line - 1]
        column = token.start - sum(len(x) + 1 for x in kb.report.lines[: token.line - 1])
        context = line[max(0, column - 40) : column + 40]
        print(f"  not in any fact: {token.text!r} at line {token.line}: …{context}…")
    from bot.engine import Engine
    from bot.engine.hygiene import findings

    found = list(findings(Engine(kb)))
    print(f"  keywords that lead elsewhere: {len(found)}")
    for finding in found:
        print(f"    {finding}")
    return 1 if (coverage.missing or found) and args.strict else 0


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer questions: one from the command line, or one per line of standard input."""
    engine = _engine()
    if engine is None:
        return 1
    if args.question:
        questions = [" ".join(args.question)]
    elif sys.stdin.isatty() and not args.json:
        print("Give a question, or pipe questions in (one per line).", file=sys.stderr)
        return 2
    else:
        questions = (line.rstrip("\r\n") for line in sys.stdin)  # type: ignore[assignment]
    if args.json:  # the batch interface: the engine alone, no chat layer
        for question in questions:
            sys.stdout.write(json.dumps(engine.ask(question).to_json(), ensure_ascii=False) + "\n")
            sys.stdout.flush()
        return 0
    from bot.chat import ChatState, Conversation
    from bot.chat.markup import to_plain

    conversation = Conversation(engine)
    for question in questions:
        reply = conversation.message(question, ChatState(language=args.lang))
        sys.stdout.write("\n\n".join(to_plain(m) for m in reply.messages) + "\n")
        sys.stdout.flush()
    return 0


def cmd_console(args: argparse.Namespace) -> int:
    """Chat with the bot in this terminal, with the same commands as on Telegram."""
    from bot.chat import Conversation
    from bot.console import Console
    from bot.questions.config import load_config

    try:
        config = load_config(os.environ)
    except ValueError as exc:
        print(f"reportbot: {exc}.", file=sys.stderr)
        return 2
    engine = _engine()
    if engine is None:
        return 1
    conversation = Conversation(engine, kept_days=config.retention_days if config.path else None)
    with config.open() as questions:
        console = Console(conversation, language=getattr(args, "lang", None), questions=questions)
        return console.run()


def cmd_telegram(args: argparse.Namespace) -> int:
    """Run the Telegram bot (needs TELEGRAM_BOT_TOKEN in the environment or .env)."""
    from bot.telegram.run import run

    return run()


def cmd_review(args: argparse.Namespace) -> int:
    """Show what citizens asked that the bot could not answer, grouped, and the votes on its
    answers (from the question log)."""
    from bot.questions.cli import run

    return run(args)


def cmd_reload(args: argparse.Namespace) -> int:
    """Validate the knowledge base, then have the running bot (found by its PID file) re-read
    it. The bot validates again and keeps the loaded one if the new one has problems."""
    import signal
    from pathlib import Path

    kb = _load()
    if kb is None:
        print("Not reloading: the running bot keeps the knowledge base it has.", file=sys.stderr)
        return 1
    data = Path(os.environ.get("REPORTBOT_DATA_DIR") or "data")
    path = Path(args.pid_file) if args.pid_file else data / "reportbot.pid"
    try:
        pid = int(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        print(f"reportbot: no running bot found (no PID file at {path}).", file=sys.stderr)
        return 1
    try:
        os.kill(pid, signal.SIGHUP)
    except ProcessLookupError:
        print(f"reportbot: no bot runs as PID {pid} ({path} is stale).", file=sys.stderr)
        return 1
    except PermissionError:
        print(f"reportbot: not allowed to signal PID {pid} (run as the bot's user).",
              file=sys.stderr)  # fmt: skip
        return 1
    print(f"Knowledge base OK; asked the bot (PID {pid}) to reload it.")
    return 0


def cmd_default(args: argparse.Namespace) -> int:
    """Run the Telegram bot when a token is configured, else the terminal chat."""
    from bot.settings import token_configured

    if token_configured():
        return cmd_telegram(args)
    print("No TELEGRAM_BOT_TOKEN set: starting the terminal chat instead.\n", file=sys.stderr)
    return cmd_console(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reportbot",
        description="Answers questions about the Jiaxing Government Work Report (2019). "
        "With no command: the Telegram bot if TELEGRAM_BOT_TOKEN is set, else the terminal chat.",
    )
    from bot.version import ShowVersion  # argparse's "version" action, looked up only when asked

    parser.add_argument("--version", action=ShowVersion)
    parser.set_defaults(func=cmd_default)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    ask = commands.add_parser(
        "ask", help="answer questions (argument or stdin)", description=cmd_ask.__doc__
    )
    ask.add_argument(
        "question", nargs="*", help="the question; omit to read one per line from stdin"
    )
    ask.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object per question (the batch interface)",
    )
    ask.add_argument(
        "--lang", choices=["en", "zh"], help="reply in this language (default: the question's)"
    )
    ask.set_defaults(func=cmd_ask)

    console = commands.add_parser(
        "console", help="chat in the terminal", description=cmd_console.__doc__
    )
    console.add_argument(
        "--lang", choices=["en", "zh"], help="reply in this language (default: the question's)"
    )
    console.set_defaults(func=cmd_console)

    telegram = commands.add_parser(
        "telegram", help="run the Telegram bot", description=cmd_telegram.__doc__
    )
    telegram.set_defaults(func=cmd_telegram)

    check = commands.add_parser(
        "check",
        help="validate the knowledge base and print a summary",
        description=cmd_check.__doc__,
    )
    check.add_argument(
        "--strict",
        action="store_true",
        help="also fail when a number is in no fact or a keyword leads elsewhere",
    )
    check.set_defaults(func=cmd_check)

    reload = commands.add_parser(
        "reload",
        help="have the running bot re-read the knowledge base",
        description=cmd_reload.__doc__,
    )
    reload.add_argument(
        "--pid-file", metavar="PATH", help="default: $REPORTBOT_DATA_DIR/reportbot.pid"
    )
    reload.set_defaults(func=cmd_reload)

    review = commands.add_parser(
        "review",
        help="group the logged questions the bot could not answer",
        description=cmd_review.__doc__,
    )
    review.add_argument(
        "--db", metavar="PATH", help="the question log (default: QUESTION_LOG, or the bot's)"
    )
    review.add_argument("--since", help="only since then: 7d, 24h, or a date such as 2019-02-01")
    review.add_argument(
        "--status", help="only these statuses, comma-separated (not_found,ambiguous,...)"
    )
    review.add_argument(
        "--fact", metavar="ID", help="only the votes on and questions near this passage"
    )
    review.add_argument("--export", choices=["csv", "json"], help="print the groups as CSV or JSON")
    review.add_argument(
        "--retry", action="store_true", help="ask each group's examples again, and say what now"
    )
    review.add_argument(
        "--limit", type=int, default=20, metavar="N", help="groups shown (default 20; 0: all)"
    )
    review.set_defaults(func=cmd_review)
    return parser


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The parser's commands by name (for help and documentation checks)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        return 130
    return code


def entry() -> None:
    """The `reportbot` console script: `main`, ending quietly when the reader goes away."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. `reportbot ask --json < questions | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 1
    sys.exit(code)


if __name__ == "__main__":
    entry()
