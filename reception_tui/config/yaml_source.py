"""Reading YAML safely, with YAML 1.2 scalars and the line number of every value.

PyYAML follows YAML 1.1, where ``no`` is False, ``012`` is 10, ``14:30`` is 870 and a bare date
becomes a date object. The loader here is a :class:`yaml.SafeLoader` (no Python tags) whose implicit
types are YAML 1.2's core schema: only ``true``/``false`` are booleans, only plain decimals are
numbers, and everything else stays text for the JSON Schema to judge.
"""

from __future__ import annotations

import re
from typing import Any

import yaml


class SiteConfigLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core-schema scalars."""


SiteConfigLoader.yaml_implicit_resolvers = {}
SiteConfigLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
SiteConfigLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?(?:0|[1-9][0-9]*))$"), list("-+0123456789")
)
SiteConfigLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:0|[1-9][0-9]*)\.[0-9]+(?:[eE][-+]?[0-9]+)?)$"),
    list("-+0123456789"),
)
SiteConfigLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)

PathKey = tuple[str | int, ...]


class DuplicateKeyError(ValueError):
    """A mapping names the same key twice (YAML would silently keep the last)."""

    def __init__(self, path: PathKey, line: int) -> None:
        super().__init__(".".join(str(part) for part in path))
        self.path = path
        self.line = line


def _lines(node: yaml.Node, path: PathKey, out: dict[PathKey, int]) -> None:
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            if key in seen:
                raise DuplicateKeyError((*path, key), key_node.start_mark.line + 1)
            seen.add(key)
            out[(*path, key)] = key_node.start_mark.line + 1
            _lines(value_node, (*path, key), out)
            out[(*path, key)] = value_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _lines(item, (*path, index), out)


def load_yaml(text: str) -> tuple[Any, dict[PathKey, int]]:
    """Parse ``text``; return the data and a map from each value's path to its 1-based line.

    Raises :class:`yaml.YAMLError` (with a mark) on a syntax error.
    """
    loader = SiteConfigLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        lines: dict[PathKey, int] = {}
        _lines(node, (), lines)
        return loader.construct_document(node), lines
    finally:
        loader.dispose()
