"""Reading JSON objects field by field, collecting a clear problem for each wrong value."""

from __future__ import annotations

from typing import Any

from timeline.formats.records import Problem


def json_kind(value: Any) -> str:
    """How an editor would name a JSON value: 'a number', 'a list', 'text'."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


class ObjectReader:
    """Typed access to one JSON object; wrong values become problems, not exceptions."""

    def __init__(self, data: Any, where: str, problems: list[Problem], prefix: str = ""):
        self.where = where
        self.problems = problems
        self.prefix = prefix
        self.valid = isinstance(data, dict)
        self.data = data if self.valid else {}
        if not self.valid:
            message = f"must be an object, not {json_kind(data)}"
            problems.append(Problem(where, prefix.rstrip("."), message))

    def problem(self, name: str, message: str) -> None:
        self.problems.append(Problem(self.where, self.prefix + name, message))

    def has(self, name: str) -> bool:
        return self.data.get(name) is not None

    def text(self, name: str, *, required: bool = False) -> str:
        value = self.data.get(name)
        if value is None:
            if required:
                self.problem(name, "is required")
            return ""
        if not isinstance(value, str):
            self.problem(name, f"must be text, not {json_kind(value)}")
            return ""
        if required and not value.strip():
            self.problem(name, "must not be empty")
        return value

    def optional_text(self, name: str) -> str | None:
        if self.data.get(name) is None:
            return None
        return self.text(name)

    def boolean(self, name: str, default: bool = False) -> bool:
        value = self.data.get(name)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.problem(name, f"must be true or false, not {json_kind(value)}")
            return default
        return value

    def integer(self, name: str, default: int | None = None) -> int | None:
        value = self.data.get(name)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(name, f"must be a whole number, not {json_kind(value)}")
            return default
        return value

    def items(self, name: str, *, required: bool = False) -> list:
        value = self.data.get(name)
        if value is None:
            if required:
                self.problem(name, "is required (a list)")
            return []
        if not isinstance(value, list):
            self.problem(name, f"must be a list, not {json_kind(value)}")
            return []
        return value

    def child(self, name: str) -> ObjectReader | None:
        value = self.data.get(name)
        if value is None:
            return None
        return ObjectReader(value, self.where, self.problems, prefix=f"{self.prefix}{name}.")
