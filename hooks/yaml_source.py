"""Read one YAML data file safely, keeping the line of every field.

Editors write the data by hand, so this reader is strict where YAML is loose:
no anchors or aliases (they allow "billion laughs" bombs), no tags (nothing
in the data may name Python objects), no duplicate keys, UTF-8 only, no tabs,
no characters a reviewer cannot see (``hooks.characters``), no nesting deeper
than ``MAX_DEPTH``, no symbolic links. Dates stay strings, so that the
schema, not YAML, decides what a date is.

A file is first read with libyaml (PyYAML's C parser, when it has one: most
of the time of loading the data otherwise goes to PyYAML's Python parser);
any file it rejects, or that has an alias or a tag, is read again by the
strict Python reader, whose messages say where and what.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from .characters import describe, refused_in
from .errors import DataError, format_path

MAX_BYTES = 2 * 1024 * 1024  # the largest real file is ~60 KB
MAX_DEPTH = 64  # levels of mappings and lists; the data needs about 15

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


class _Resolver(Resolver):
    """YAML 1.1 resolution without timestamps: ``2016-12-16`` stays a string."""


_Resolver.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in Resolver.yaml_implicit_resolvers.items()
}


class _TooDeep(Exception):
    """The data nests deeper than ``MAX_DEPTH`` at ``mark``."""

    def __init__(self, mark):
        super().__init__(mark)
        self.mark = mark

    def error(self, display: str) -> DataError:
        """The error an editor reads."""
        return DataError(display, self.mark.line + 1, self.mark.column + 1, "",
                         f"nested more than {MAX_DEPTH} levels deep; the data needs far "
                         "fewer: check the brackets and the indentation")


class _StrictComposer(Composer):
    _depth = 0

    def compose_node(self, parent, index):  # noqa: D102 - PyYAML hook
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                problem="aliases (*name) are not allowed in the data; write the value out",
                problem_mark=event.start_mark,
            )
        # PyYAML composes by recursion: stop before Python's stack runs out
        if self._depth >= MAX_DEPTH:
            raise _TooDeep(self.peek_event().start_mark)
        self._depth += 1
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if node.tag not in _STANDARD_TAGS:
            raise yaml.MarkedYAMLError(
                problem=f"the tag {node.tag!r} is not allowed in the data; remove it",
                problem_mark=node.start_mark,
            )
        return node


class _Loader(Reader, Scanner, Parser, _StrictComposer, SafeConstructor, _Resolver):
    def __init__(self, stream):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        _StrictComposer.__init__(self)
        SafeConstructor.__init__(self)
        _Resolver.__init__(self)


try:
    from yaml._yaml import CParser
except ImportError:  # PyYAML built without libyaml
    _FastLoader = None
else:
    class _FastLoader(CParser, SafeConstructor, _Resolver):
        def __init__(self, stream):
            CParser.__init__(self, stream)
            SafeConstructor.__init__(self)
            _Resolver.__init__(self)


def _is_plain(node: Node) -> bool:
    """Whether the tree under ``node`` has only standard tags and no alias (libyaml
    gives an alias as the anchored node itself: a node met twice)."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen or current.tag not in _STANDARD_TAGS:
            return False
        seen.add(id(current))
        if isinstance(current, MappingNode):
            for key_node, value_node in current.value:
                stack += (key_node, value_node)
        elif isinstance(current, SequenceNode):
            stack += current.value
    return True


def _check_depth(node: Node) -> None:
    """Raise ``_TooDeep`` if ``node`` nests deeper than ``MAX_DEPTH`` (walked
    without recursion: libyaml composes any depth, the walks after it recurse)."""
    stack = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _TooDeep(current.start_mark)
        # in the order of the file, as the strict reader meets them
        if isinstance(current, MappingNode):
            stack += reversed([(child, depth + 1) for pair in current.value for child in pair])
        elif isinstance(current, SequenceNode):
            stack += reversed([(child, depth + 1) for child in current.value])


def _fast_compose(text: str):
    """The loader and root node of ``text`` read by libyaml, or None when the
    strict reader must read it (no libyaml, a syntax error, an alias, a tag,
    an empty document)."""
    if _FastLoader is None:
        return None
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError:
        loader.dispose()
        return None
    if node is None or not _is_plain(node):
        loader.dispose()
        return None
    return loader, node


@dataclass
class SourceFile:
    """A parsed data file: its value and where each field starts."""

    path: str
    data: object
    marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)

    def where(self, parts: tuple) -> tuple[int, int]:
        """Return (line, column) of the deepest known field on ``parts``."""
        parts = tuple(parts)
        while parts and parts not in self.marks:
            parts = parts[:-1]
        return self.marks.get(parts, (1, 1))

    def error(self, parts: tuple, message: str) -> DataError:
        """Build a DataError located at the field ``parts``."""
        line, column = self.where(parts)
        return DataError(self.path, line, column, format_path(tuple(parts)), message)


def read_source(path: Path, display: str) -> tuple[SourceFile | None, list[DataError]]:
    """Read ``path`` (named ``display`` in messages); return the file or its errors."""
    if path.is_symlink():  # it could show a file from outside the project
        return None, [DataError(display, 0, 0, "", "is a symbolic link; a data file must be "
                                                   "a file of its own")]
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [DataError(display, 0, 0, "", f"cannot be read: {exc.strerror}")]
    if len(raw) > MAX_BYTES:
        return None, [
            DataError(
                display, 0, 0, "",
                f"is {len(raw)} bytes; data files may be at most {MAX_BYTES} bytes, split it",
            )
        ]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            DataError(
                display, line, column, "",
                "is not valid UTF-8 (byte 0x%02x); save the file with the UTF-8 encoding"
                % raw[exc.start],
            )
        ]
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        return None, [DataError(display, 0, 0, "", "is empty; a data file needs content")]
    errors = [
        DataError(display, number, line.index("\t") + 1, "",
                  "tab character; indent and separate with spaces only")
        for number, line in enumerate(text.splitlines(), 1)
        if "\t" in line
    ]
    errors += _character_errors(text, display)
    if errors:
        return None, errors
    fast = _fast_compose(text)
    loader, node = fast if fast else (_Loader(text), None)
    try:
        if fast is None:
            node = loader.get_single_node()
        if node is None:
            return None, [DataError(display, 0, 0, "", "is empty; a data file needs content")]
        _check_depth(node)
        marks: dict[tuple, tuple[int, int]] = {}
        duplicates: list[DataError] = []
        _walk(node, (), marks, duplicates, display)
        if duplicates:
            return None, duplicates
        data = loader.construct_document(node)
    except _TooDeep as exc:
        return None, [exc.error(display)]
    except yaml.MarkedYAMLError as exc:
        line, column, explanation = _explain(exc, text)
        return None, [DataError(display, line, column, "", f"YAML syntax error: {explanation}")]
    except yaml.YAMLError as exc:
        return None, [DataError(display, 0, 0, "", f"YAML error: {exc}")]
    finally:
        loader.dispose()
    return SourceFile(display, data, marks), []


def _character_errors(text: str, display: str) -> list[DataError]:
    """One error per line holding a character that YAML cannot read (such as a
    NUL byte) or that a reviewer cannot see (``hooks.characters``), anywhere in
    the file, comments included. Line ends and tabs are YAML's business."""
    if not any(character not in "\t\r\n" for _, character in refused_in(text)):
        return []
    errors = []
    for number, line in enumerate(text.split("\n"), 1):
        found = [(column, character) for column, character in refused_in(line)
                 if character not in "\t\r"]
        if found:
            column, character = found[0]
            errors.append(DataError(display, number, column + 1, "",
                                    f"{describe(character)} in the file; remove it"))
    return errors


def _walk(node: Node, parts: tuple, marks: dict, errors: list, display: str) -> None:
    """Record the start of every field and report duplicate keys."""
    marks[parts] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, MappingNode):
        seen: dict[object, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            child = parts + (key,)
            if key in seen:
                errors.append(
                    DataError(
                        display, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                        format_path(child),
                        f"duplicate key {key!r} (first on line {seen[key]}); keep one",
                    )
                )
                continue
            seen[key] = key_node.start_mark.line + 1
            _walk(value_node, child, marks, errors, display)
            # point "unknown key" errors at the key itself
            marks[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, parts + (index,), marks, errors, display)


# PyYAML's wording, and what an editor should do about it.
_HINTS = (
    ("expected <block end>", "the indentation does not line up with the lines above"),
    ("mapping values are not allowed", "a ': ' where none is expected; put text that "
                                       "contains ': ' in double quotes"),
    ("could not find expected ':'", "a line without 'key: value'; check the quotes and the "
                                    "indentation"),
    ("found unexpected end of stream", "a quote or bracket is not closed"),
    ("found unknown escape character", "a backslash in double quotes; write \\\\ or use "
                                       "single quotes"),
)
# Where PyYAML names the place something was opened (its context mark), that
# is where the editor has to look: the bracket or quote that is not closed.
_OPENED = {
    "while parsing a flow sequence": "the list opened here with '[' is not closed with ']'",
    "while parsing a flow mapping": "the mapping opened here with '{' is not closed with '}'",
    "while scanning a quoted scalar": "the text opened here with a quote is not closed with "
                                      "the same quote",
}
_EARLY_QUOTE = {
    '"': 'a straight double quote (") inside a text in double quotes ends the text; write '
         'it as \\" or use the quotation marks of the language (“ ” or 「 」)',
    "'": "a single quote (') inside a text in single quotes ends the text; write it twice "
         "('') or put the text in double quotes",
}


def _explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """Where a YAML error is (line, column, both 1-based; 0 when unknown) and what
    it means for the editor, with PyYAML's own words after it."""
    problem = exc.problem or "invalid YAML"
    mark = exc.problem_mark or exc.context_mark
    # a text that goes on after its closing quote: a quote inside it ended it
    if mark is not None and problem.startswith(("expected <block end>", "expected ',' or",
                                                "could not find")):
        lines = text.splitlines()
        before = lines[mark.line][:mark.column].rstrip() if mark.line < len(lines) else ""
        if before[-1:] in _EARLY_QUOTE and before.count(before[-1]) >= 2:
            return mark.line + 1, len(before), f"{_EARLY_QUOTE[before[-1]]} ({problem})"
    if exc.context in _OPENED and exc.context_mark is not None:
        opened = exc.context_mark
        return opened.line + 1, opened.column + 1, f"{_OPENED[exc.context]} ({problem})"
    if mark is None:
        return 0, 0, problem
    line, column = mark.line + 1, mark.column + 1
    for needle, hint in _HINTS:
        if needle in problem:
            return line, column, f"{hint} ({problem})"
    return line, column, problem
