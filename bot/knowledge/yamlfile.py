"""Reading one YAML file strictly: syntax errors with their line, duplicate keys refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlError(Exception):
    """A YAML file that cannot be read; the message names the file and line."""


class _StrictLoader(_Base):  # type: ignore[valid-type,misc]
    """SafeLoader (the C one when available) that refuses a key given twice in one mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                line = key_node.start_mark.line + 1
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r} (line {line})", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


def read_yaml(path: Path, label: str) -> Any:
    """Parse `path`; `label` is how the file is named in messages."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise YamlError(f"{label}: file is missing") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise YamlError(f"{label}: cannot be read ({exc})") from None
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown line"
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlError(f"{label}: YAML syntax error at {where}: {problem}") from None
    except yaml.YAMLError as exc:
        raise YamlError(f"{label}: YAML error: {exc}") from None
