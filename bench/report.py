"""Rows of results, the printed table and bench/RESULTS.md."""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass
from pathlib import Path

COLUMNS = [
    ("what", "what"),
    ("n", "N"),
    ("figure", "figure"),
    ("ratio", "ratio"),
    ("target", "target"),
    ("met", "met"),
]


@dataclass
class Row:
    what: str
    n: str
    figure: str
    ratio: str = ""
    target: str = ""
    met: str = ""  # "yes" / "no" where the row has a target

    @staticmethod
    def verdict(ok: bool) -> str:
        return "yes" if ok else "no"

    @classmethod
    def from_dict(cls, data: dict) -> Row:
        return cls(**data)

    def as_dict(self) -> dict:
        return asdict(self)


def table(rows: list[Row]) -> str:
    """A plain-text table for the terminal."""
    cells = [[label for _, label in COLUMNS]] + [
        [str(getattr(row, name)) for name, _ in COLUMNS] for row in rows
    ]
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    lines = []
    for index, line in enumerate(cells):
        lines.append(
            "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        )
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def markdown_table(rows: list[Row]) -> str:
    header = "| " + " | ".join(label for _, label in COLUMNS) + " |"
    rule = "|" + "|".join(" --- " for _ in COLUMNS) + "|"
    body = [
        "| " + " | ".join(str(getattr(row, name)).replace("|", "\\|") for name, _ in COLUMNS) + " |"
        for row in rows
    ]
    return "\n".join([header, rule, *body])


def write_results(
    path: Path, rows: list[Row], machine: dict[str, str], command: str, notes: list[str]
) -> None:
    today = datetime.datetime.now().astimezone()
    lines = [
        "# Benchmark results",
        "",
        f"Written by `{command}` on {today:%Y-%m-%d %H:%M %Z}. Re-run it to refresh this file.",
        "",
        "## Machine",
        "",
        *[f"- {key}: {value}" for key, value in machine.items()],
        "",
        "## Figures",
        "",
        markdown_table(rows),
        "",
        "## How each figure is measured",
        "",
        *[f"- {note}" for note in notes],
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
