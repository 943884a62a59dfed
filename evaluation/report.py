"""The evaluation as text tables for a terminal (the JSON form is the dict itself)."""

from __future__ import annotations

SCORE_COLUMNS = ("precision", "recall", "f1")
COUNT_COLUMNS = ("tp", "fp", "fn", "tn")


def _cell(value) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.3f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def table(header: list[str], rows: list[list]) -> str:
    """A plain table: the first column left-aligned, the others right-aligned."""
    cells = [header, *[[_cell(value) for value in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for row in cells:
        first, *rest = row
        line = first.ljust(widths[0]) + "".join(
            "  " + text.rjust(width) for text, width in zip(rest, widths[1:], strict=True)
        )
        lines.append(line.rstrip())
    return "\n".join(lines)


def _score_rows(groups: dict) -> list[list]:
    return [
        [name, *(scores[c] for c in SCORE_COLUMNS), *(scores[c] for c in COUNT_COLUMNS)]
        for name, scores in groups.items()
    ]


def format_labels(labels: dict) -> str:
    groups = {"overall": labels["overall"], **labels["per_post"]}
    rows = [[*row, groups[row[0]]["not_found"]] for row in _score_rows(groups)]
    parts = [
        f"fct_comments.is_suspicious against {labels['labels_file']}:",
        table(["post", *SCORE_COLUMNS, *COUNT_COLUMNS, "not found"], rows),
        "",
        "found comments by reason code (under a reason: label 1 = true, label 0 = false"
        " positives;\nunder '(not flagged)': label 1 = false, label 0 = true negatives):",
        table(
            ["reason", "label 1", "label 0"],
            [[row["reason"], row["positive"], row["negative"]] for row in labels["by_reason"]],
        ),
    ]
    return "\n".join(parts)


def format_truth(truth: dict) -> str:
    parts = [f"against the generator truth in {truth['truth_dir']}:"]
    if truth["creators"]:
        rows = [
            [
                fraud,
                scores["auc"],
                *(scores["fraud"][c] for c in ("scored", "unscored", "not_in_mart")),
                *(scores["clean"][c] for c in ("scored", "unscored", "not_in_mart")),
            ]
            for fraud, scores in truth["creators"].items()
        ]
        parts += [
            "ROC AUC of 100 - authenticity_score, fraud type vs clean creators (scored only):",
            table(
                [
                    "fraud type",
                    "auc",
                    "scored",
                    "unscored",
                    "absent",
                    "clean scored",
                    "clean unscored",
                    "clean absent",
                ],
                rows,
            ),
        ]
    if truth["comments"]:
        comments = truth["comments"]
        parts += [
            "",
            "is_suspicious against is_inauthentic (per kind, 'flagged' = share of the kind"
            " flagged: its recall for inauthentic kinds, false alarms for the others):",
            table(
                ["kind", *SCORE_COLUMNS, *COUNT_COLUMNS, "flagged", "not found"],
                [
                    [*row, group["flagged_share"], group["not_found"]]
                    for row, group in zip(
                        _score_rows({"overall": comments["overall"], **comments["per_kind"]}),
                        [comments["overall"], *comments["per_kind"].values()],
                        strict=True,
                    )
                ],
            ),
        ]
    if truth.get("niches"):
        parts += ["", *format_niches(truth["niches"])]
    return "\n".join(parts)


def format_niches(niches: dict) -> list[str]:
    """The niche section of the truth report, as lines."""
    groups = {"overall": niches["overall"], **niches["per_platform"]}
    rows = [
        [
            name,
            *(group["all"][c] for c in ("accuracy", "correct", "creators", "unknown")),
            *(group["scored"][c] for c in ("accuracy", "correct", "creators", "unknown")),
        ]
        for name, group in groups.items()
    ]
    secondary = niches["secondary"]
    lines = [
        "dim_creators.primary_niche against the truth niche (creators in dim_creators;"
        " 'unknown' counts as wrong):",
        table(
            [
                "platform",
                "accuracy",
                "correct",
                "creators",
                "unknown",
                "scored accuracy",
                "scored correct",
                "scored",
                "scored unknown",
            ],
            rows,
        ),
        "",
        "most common mistakes (truth -> predicted):",
    ]
    if niches["top_confusions"]:
        lines.append(
            table(
                ["truth", "predicted", "creators"],
                [[c["truth"], c["predicted"], c["creators"]] for c in niches["top_confusions"]],
            )
        )
    else:
        lines.append("(none)")
    lines += [
        "",
        "secondary niche: recall = truth secondary found as primary or secondary niche,"
        " precision = predicted secondary is a truth niche of the creator:",
        table(
            ["secondary niche", "score", "hits", "of"],
            [
                [
                    "recall",
                    secondary["recall"],
                    secondary["recalled"],
                    secondary["truth_secondary"],
                ],
                [
                    "precision",
                    secondary["precision"],
                    secondary["correct"],
                    secondary["predicted_secondary"],
                ],
            ],
        ),
    ]
    return lines


def format_evaluation(result: dict) -> str:
    release = result["release"]
    parts = [f"release {release['run_id']} (as of {release['as_of']}) in {release['serving_dir']}"]
    pipeline = result.get("pipeline")
    if pipeline:
        parts.append(
            f"pipeline run: {pipeline['records_loaded']:,} records loaded,"
            f" {pipeline['records_quarantined']:,} quarantined"
        )
    for key, formatter in (("labels", format_labels), ("truth", format_truth)):
        if result.get(key):
            notes = result[key]["notes"]
            parts += ["", formatter(result[key]), *(f"note: {note}" for note in notes)]
    return "\n".join(parts)
