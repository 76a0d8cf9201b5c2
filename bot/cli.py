"""The `reportbot` command line: check the knowledge base, ask questions, chat, run the bot."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot.knowledge import KnowledgeBase, KnowledgeError, load_knowledge


def _load() -> KnowledgeBase | None:
    try:
        return load_knowledge()
    except KnowledgeError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) in the knowledge base.", file=sys.stderr)
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
    print(
        f"  coverage: {coverage.percent:.1f}% of {coverage.total} numbers in the report "
        f"({len(coverage.covered)} in facts, {len(coverage.exempt)} names)"
    )
    for token in coverage.missing:
        line = kb.report.lines[token.line - 1]
        column = token.start - sum(len(x) + 1 for x in kb.report.lines[: token.line - 1])
        context = line[max(0, column - 40) : column + 40]
        print(f"  not in any fact: {token.text!r} at line {token.line}: …{context}…")
    return 1 if coverage.missing and args.strict else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reportbot",
        description="Answers questions about the Jiaxing Government Work Report (2019).",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser(
        "check", help="validate the knowledge base and print a summary", description=cmd_check.__doc__
    )
    check.add_argument(
        "--strict", action="store_true", help="also fail when a number is in no fact"
    )
    check.set_defaults(func=cmd_check)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
