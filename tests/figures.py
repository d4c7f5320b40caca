"""Figures the trust tests measure (payloads tried, outputs checked, saves lost...), printed at
the end of a pytest run so the numbers in the report come from a real run.

A test asks for the ``figures`` fixture and calls ``figures.add("outputs checked", n)``. Under
pytest-xdist each worker sends its figures to the controller, which adds them up.
"""

from __future__ import annotations

from collections import Counter

import pytest

_figures: Counter[str] = Counter()


class Figures:
    def add(self, name: str, amount: int = 1) -> None:
        _figures[name] += amount

    def set_max(self, name: str, value: int) -> None:
        _figures[name] = max(_figures[name], value)


@pytest.fixture
def figures():
    return Figures()


def pytest_sessionfinish(session):
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["trust_figures"] = dict(_figures)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    _figures.update(getattr(node, "workeroutput", {}).get("trust_figures", {}))


def pytest_terminal_summary(terminalreporter):
    if not _figures:
        return
    terminalreporter.section("trust figures")
    for name in sorted(_figures):
        terminalreporter.write_line(f"{name:45} {_figures[name]:>8}")
