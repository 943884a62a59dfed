"""Scores from small results: precision / recall / F1 from confusion counts, ROC AUC of scores.

The counts are made in DuckDB (one row per group); scikit-learn computes the scores. A score
that is undefined (no predicted positives for precision, no positives for recall, one class only
for AUC) is None, never a made-up 0 or 1.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from sklearn.metrics import precision_recall_fscore_support, roc_auc_score


def _defined(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def confusion_scores(tp: int, fp: int, fn: int, tn: int) -> dict:
    """The counts with precision, recall and F1 of the positive class.

    Each cell of the confusion matrix is one (truth, prediction) pair weighted by its count, so
    scikit-learn sees exactly the comments counted, without them leaving the database."""
    counts = {"tp": int(tp), "fp": int(fp), "fn": int(fn), "tn": int(tn)}
    if tp + fp + fn + tn == 0:
        return {**counts, "precision": None, "recall": None, "f1": None}
    precision, recall, f1, _ = precision_recall_fscore_support(
        [1, 0, 1, 0],
        [1, 1, 0, 0],
        sample_weight=[tp, fp, fn, tn],
        average="binary",
        zero_division=np.nan,
    )
    return {
        **counts,
        "precision": _defined(precision),
        "recall": _defined(recall),
        "f1": _defined(f1),
    }


def roc_auc(is_positive: Sequence[bool], scores: Sequence[float]) -> float | None:
    """ROC AUC of scores (higher = more likely positive); None unless both classes are present."""
    if len(set(is_positive)) < 2:
        return None
    return float(roc_auc_score(np.asarray(is_positive, dtype=bool), np.asarray(scores)))
