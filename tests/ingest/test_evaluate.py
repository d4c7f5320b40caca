"""The evaluation over the labelled articles, and the table it prints."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from timeline.ingest.evaluate import evaluate, format_table, main

from .helpers import ARTICLES_DIR, labelled_articles


@pytest.fixture(scope="module")
def evaluation():
    return evaluate(ARTICLES_DIR)


def test_labelled_set_has_html_and_plain_text_articles():
    articles = labelled_articles()
    suffixes = [article.path.suffix for article in articles]
    assert len(articles) >= 7
    assert suffixes.count(".html") >= 3 and suffixes.count(".txt") >= 3
    assert all(article.path.exists() for article in articles)


def test_suggested_events_reach_precision_and_recall_of_80_percent(evaluation):
    assert evaluation.precision >= 0.8
    assert evaluation.recall >= 0.8


def test_suggested_event_types_reach_precision_and_recall_of_80_percent(evaluation):
    assert evaluation.type_precision >= 0.8
    assert evaluation.type_recall >= 0.8


def test_metadata_accuracy_reaches_90_percent(evaluation):
    assert evaluation.metadata_accuracy >= 0.9


def test_scores_are_numbers_between_zero_and_one(evaluation):
    for value in (evaluation.precision, evaluation.recall, evaluation.metadata_accuracy):
        assert isinstance(value, float) and 0.0 <= value <= 1.0
    for article in evaluation.articles:
        assert 0.0 <= article.precision <= 1.0 and 0.0 <= article.recall <= 1.0


def test_evaluation_is_deterministic(evaluation):
    again = evaluate(ARTICLES_DIR)
    assert format_table(again, details=True) == format_table(evaluation, details=True)


def test_table_lists_every_article_and_the_totals(evaluation):
    table = format_table(evaluation)
    for article in evaluation.articles:
        assert article.name[:46] in table
    assert "precision" in table and "recall" in table and "metadata accuracy" in table


def test_main_prints_the_table(capsys):
    assert main([str(ARTICLES_DIR)]) == 0
    assert "metadata accuracy" in capsys.readouterr().out


def test_module_runs_as_a_command():
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-m", "timeline.ingest.evaluate"],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
    )
    assert "events (type + key actors): precision" in result.stdout


def test_table_gives_precision_and_recall_per_type_tuned_and_held_out_apart(evaluation):
    table = format_table(evaluation)
    assert "tuned on: per type" in table and "held out: per type" in table
    tuned = evaluation.subset(held_out=False).by_type()
    matched, found, expected = tuned["mediation-offered"]
    assert 0 < matched <= min(found, expected)
    assert any(line.startswith("statement ") for line in table.splitlines())
