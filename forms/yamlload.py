"""Reading YAML or JSON text into plain data that remembers the line of every mapping and key.

PyYAML forgets where values came from; a definition error is only useful with a line number, so mappings are
built as `Located` dicts carrying `line` (where the mapping starts) and `lines` (key -> line of that key).
Duplicate keys, which YAML would silently collapse to the last one, are rejected.
"""
from __future__ import annotations

import json
from typing import Any

import yaml

from forms.errors import DefinitionError
from forms.reasons import Reason

MERGE_TAG = "tag:yaml.org,2002:merge"
# The commonest syntax problems, by how the parser's (English) text starts, with a plainer Vietnamese reason.
SYNTAX_PROBLEMS = (
    ("mapping values are not allowed here", "yaml.colon"), ("could not find expected ':'", "yaml.no_colon"),
    ("found character '\\t'", "yaml.tab"), ("expected <block end>", "yaml.indent"),
    ("found unexpected end of stream", "yaml.end"), ("expected ','", "yaml.comma"),
    ("expected the node content", "yaml.no_content"), ("Expecting value", "json.value"),
    ("Expecting ',' delimiter", "json.comma"), ("Expecting ':' delimiter", "json.colon"),
    ("Expecting property name", "json.name"),
    ("Unterminated string", "json.string"), ("Extra data", "json.extra"),
)


class Located(dict):
    """A dict that knows the line where it starts and the line of each of its keys (1-based)."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.line: int | None = None
        self.lines: dict[Any, int] = {}


def line_of(data: Any, key: Any = None) -> int | None:
    """The line of `key` in `data` when known, else the line where `data` starts, else None."""
    lines = getattr(data, "lines", None) or {}
    if key is not None and key in lines:
        return lines[key]
    return getattr(data, "line", None)


class _Loader(yaml.SafeLoader):
    """SafeLoader building Located mappings."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode):
    data = Located()
    data.line = node.start_mark.line + 1
    yield data
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        if key_node.tag == MERGE_TAG:
            continue
        key = loader.construct_object(key_node)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise DefinitionError(Reason("yaml.key_not_word"), line=key_node.start_mark.line + 1)
        line = key_node.start_mark.line + 1
        if key in seen:
            raise DefinitionError(Reason("yaml.key_twice", key=key, first=seen[key]), line=line)
        seen[key] = line
    data.update(loader.construct_mapping(node, deep=True))
    data.lines = seen


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_text(text: str, filename: str | None = None) -> Any:
    """Parse YAML (or JSON) text; raise DefinitionError with the line of any syntax problem."""
    try:
        return yaml.load(text, Loader=_Loader)
    except DefinitionError as error:
        raise error.located(filename) from None
    except yaml.MarkedYAMLError as error:
        yaml_error = error
    except yaml.YAMLError as error:
        raise DefinitionError(Reason("yaml.invalid", detail=str(error)), filename) from None
    if text.lstrip().startswith(("{", "[")):
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise DefinitionError(Reason("json.invalid", detail=_syntax(error.msg)), filename,
                                  error.lineno) from None
    mark = yaml_error.problem_mark or yaml_error.context_mark
    problem = yaml_error.problem or yaml_error.context or "syntax error"
    raise DefinitionError(Reason("yaml.invalid_hint", detail=_syntax(problem)), filename,
                          mark.line + 1 if mark else None)


def _syntax(problem: str) -> Reason | str:
    """The parser's description of a syntax problem, in plainer words when it is a common one."""
    for start, key in SYNTAX_PROBLEMS:
        if problem.startswith(start):
            return Reason(key, raw=problem)
    return problem
