"""`bignoise evaluate`: a published release measured against a labels file and/or a truth folder."""

from __future__ import annotations

from pathlib import Path

import duckdb

from evaluation import EvaluationInputError
from evaluation.labels import evaluate_labels, load_labels
from evaluation.release import describe_release, open_release
from evaluation.truth import evaluate_truth, load_truth


def check_inputs(labels_file: Path | None, truth_dir: Path | None) -> None:
    """Read the labels and truth once, before any pipeline run, so that a bad argument fails in
    a second rather than after the run. Raises EvaluationInputError."""
    if labels_file is None and truth_dir is None:
        raise EvaluationInputError("give --labels FILE, --truth DIR, or both")
    if truth_dir is not None and not Path(truth_dir).is_dir():
        raise EvaluationInputError(f"no such truth folder: {truth_dir}")
    with duckdb.connect() as connection:
        if labels_file is not None:
            load_labels(connection, labels_file)
        if truth_dir is not None:
            load_truth(connection, truth_dir)


def evaluate_release(
    warehouse: Path, labels_file: Path | None = None, truth_dir: Path | None = None
) -> dict:
    """The evaluation of the release published under warehouse, as a JSON-ready dict with
    keys release, labels and truth (None when not asked for)."""
    connection = open_release(warehouse)
    try:
        return {
            "release": describe_release(connection, warehouse),
            "labels": evaluate_labels(connection, labels_file) if labels_file else None,
            "truth": evaluate_truth(connection, truth_dir) if truth_dir else None,
        }
    finally:
        connection.close()
