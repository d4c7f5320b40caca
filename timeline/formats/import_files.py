"""Reading an import file: bytes to an :class:`ImportBundle`, the format detected or chosen.

``read_import`` raises :class:`ImportFileError` naming what is wrong with the file as a whole;
what is wrong with a row is the plan's business (`timeline.formats.import_plan`).
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from timeline.formats import acled, csv_rows, gdelt, lossless, timelinejs
from timeline.formats.records import (
    MAX_IMPORT_BYTES,
    ImportBundle,
    ImportFileError,
    Problem,
)

FORMAT_CHOICES = [
    ("auto", "Detect from the file"),
    ("json", "Timeline export (export.json)"),
    ("timelinejs", "TimelineJS3 JSON"),
    ("csv", "CSV (events.csv columns)"),
    ("acled", "ACLED CSV export"),
    ("gdelt", "GDELT events (1.0 or 2.0, tab-separated)"),
]
# Read from disk as a stream by the command line (no size limit): these can be gigabytes.
STREAMED = {"acled", "gdelt"}
FORMATS = [value for value, _ in FORMAT_CHOICES]


def _file_problem(message: str, where: str = "File") -> ImportFileError:
    return ImportFileError([Problem(where, "", message)])


# What the preview refuses so that the confirm never meets it (issue 13): JSON nested deeper
# than this (Python's parser recurses, and 1,000 levels raised RecursionError), integers longer
# than this (Python refuses more than 4,300 digits), and text PostgreSQL cannot store (NUL,
# unpaired surrogates).
MAX_JSON_DEPTH = 64
MAX_NUMBER_DIGITS = 30


class _NumberTooLong(ValueError):
    def __init__(self, digits: int):
        super().__init__(f"{digits} digits")
        self.digits = digits


def _whole_number(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_NUMBER_DIGITS:
        raise _NumberTooLong(digits)
    return int(text)


def _line_of(text: str, index: int) -> str:
    return f"Line {text.count(chr(10), 0, index) + 1}"


def _check_storable(text: str) -> None:
    """Refuse a NUL character anywhere in the file, saying on which line."""
    index = text.find("\x00")
    if index >= 0:
        raise _file_problem(
            "contains a NUL character, which cannot be stored; remove it and upload again",
            where=_line_of(text, index),
        )


_JSON_STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def _check_depth(text: str) -> None:
    """Refuse JSON nested deeper than MAX_JSON_DEPTH, in one pass (strings skipped whole)."""
    depth = 0
    for match in _JSON_STRING_OR_BRACKET.finditer(text):
        char = match.group()
        if char in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise _file_problem(
                    f"is nested more than {MAX_JSON_DEPTH} levels deep; no timeline export is",
                    where=_line_of(text, match.start()),
                )
        elif char in "]}":
            depth -= 1


def _unstorable(value: str) -> str:
    if "\x00" in value:
        return "a NUL character"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "an unpaired surrogate (\\ud800-\\udfff)"
    return ""


def _check_strings(data) -> None:
    """Refuse strings (keys too) that cannot be stored: JSON escapes can spell a NUL or half
    of a surrogate pair that the raw text cannot hold."""
    pending = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, str) and (problem := _unstorable(value)):
            raise _file_problem(
                f"contains {problem} in “{value[:40]!r}”, which cannot be stored; remove it "
                "and upload again"
            )


def check_size(size: int) -> None:
    if size > MAX_IMPORT_BYTES:
        raise _file_problem(
            f"is {size:,} bytes; the largest file that can be imported is "
            f"{MAX_IMPORT_BYTES // (1024 * 1024)} MB ({MAX_IMPORT_BYTES:,} bytes)"
        )


def read_import(
    raw: bytes, *, name: str = "", format: str = "auto", gdelt_filters=None
) -> ImportBundle:
    """Bytes of an uploaded file -> what it says. Raises ImportFileError for unreadable files."""
    check_size(len(raw))
    if format not in FORMATS:
        raise _file_problem(f'format "{format}" is unknown; use one of {", ".join(FORMATS)}')
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _file_problem(
            f"is not UTF-8 text (byte {error.start + 1} cannot be read); upload a JSON or CSV "
            "file saved as UTF-8"
        ) from None
    if not text.strip():
        raise _file_problem("is empty")
    _check_storable(text)

    if format == "auto":
        if text.lstrip().startswith(("{", "[")):
            format = "json-or-timelinejs"
        elif acled.looks_like_acled(text):
            format = "acled"
        elif gdelt.looks_like_gdelt(text):
            format = "gdelt"
        elif name.lower().endswith(".csv") or csv_rows.looks_like_csv(text):
            format = "csv"
        else:
            raise _file_problem(
                "is neither JSON nor CSV: upload export.json, a TimelineJS3 JSON file, an ACLED "
                "export, or a CSV with at least the columns " + ", ".join(csv_rows.REQUIRED_COLUMNS)
            )
    if format == "csv":
        return csv_rows.read_csv(text)
    if format == "acled":
        return acled.read_acled(io.StringIO(text.lstrip("\ufeff"), newline=""))
    if format == "gdelt":
        return gdelt.read_gdelt(io.StringIO(text.lstrip("\ufeff"), newline=""), gdelt_filters)

    _check_depth(text)
    try:
        data = json.loads(text, parse_int=_whole_number)
    except json.JSONDecodeError as error:
        raise _file_problem(
            f"is not valid JSON: {error.msg} (column {error.colno})", where=f"Line {error.lineno}"
        ) from None
    except RecursionError:
        raise _file_problem(f"is nested more than {MAX_JSON_DEPTH} levels deep") from None
    except _NumberTooLong as error:
        raise _file_problem(
            f"has a number of {error.digits:,} digits; numbers in an import have at most "
            f"{MAX_NUMBER_DIGITS} digits"
        ) from None
    _check_strings(data)
    if format == "json-or-timelinejs":
        if isinstance(data, dict) and "format" in data:
            format = "json"
        elif timelinejs.looks_like_timelinejs(data):
            format = "timelinejs"
        else:
            raise _file_problem(
                'is JSON, but neither a timeline export (with "format": "timeline-export") nor '
                'TimelineJS3 (with an "events" list)'
            )
    if format == "json":
        return lossless.read_document(data)
    return timelinejs.read_timelinejs(data)


def streamed_format(path: Path, format: str) -> str | None:
    """The format when it is one read as a stream (given, or detected from the first line)."""
    if format in STREAMED:
        return format
    if format != "auto":
        return None
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as stream:
        first = stream.readline(100_000)
    if acled.looks_like_acled(first):
        return "acled"
    if gdelt.looks_like_gdelt(first):
        return "gdelt"
    return None


def read_import_path(path: Path, *, format: str = "auto", gdelt_filters=None) -> ImportBundle:
    """A file on disk: ACLED and GDELT row by row, whatever their size; others as uploads."""
    streamed = streamed_format(path, format)
    if streamed is None:
        check_size(path.stat().st_size)
        return read_import(path.read_bytes(), name=path.name, format=format)
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            if streamed == "acled":
                return acled.read_acled(stream)
            return gdelt.read_gdelt(stream, gdelt_filters)
    except UnicodeDecodeError as error:
        raise _file_problem(
            f"is not UTF-8 text (byte {error.start + 1} of a block cannot be read)"
        ) from None
