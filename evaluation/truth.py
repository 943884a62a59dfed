"""The marts measured against a generator's ground truth folder (`bignoise generate --truth`).

- `creators.csv`: one row per creator with creator_key and booleans bought_followers,
  bot_comments, engagement_pod, bought_likes and is_clean. For each fraud type, the ROC AUC of
  (100 - authenticity_score) of mart_creator_authenticity separating the creators with that
  fraud from the clean ones, over scored creators only (how many were scored, unscored or
  absent from the mart is reported per group).
- `comments.parquet`: platform, comment_id, is_inauthentic, kind. Precision, recall and F1 of
  fct_comments.is_suspicious against is_inauthentic, and the flagged share per kind (its recall,
  for the inauthentic kinds).
- `creators.csv` columns niche and secondary_niche (and platform; else the prefix of
  creator_key): dim_creators.primary_niche against niche, over the creators of dim_creators
  (truth creators absent from it are counted apart, a missing primary_niche counts as
  'unknown', which is always a mistake), overall and per platform, each over all creators and
  over scored ones (mart_creator_authenticity.is_scored); how many came out 'unknown'; the
  TOP_CONFUSIONS most common (truth, predicted) mistakes. Secondary niche: recall = share of
  the creators with a truth secondary_niche whose primary_niche or secondary_niche is it;
  precision = share of the creators with a secondary_niche whose truth niche or truth
  secondary_niche is it.

An older generator wrote neither is_clean nor comments.parquet nor the niche columns: then clean
means "none of the fraud flags" and the comment and niche scores are skipped, each said in
`notes`; so are the niche scores of a release without dim_creators.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from evaluation import EvaluationInputError, exact_path
from evaluation.metrics import confusion_scores, roc_auc
from evaluation.release import has_table

FRAUD_TYPES = ("bought_followers", "bot_comments", "engagement_pod", "bought_likes")
COMMENT_COLUMNS = ("platform", "comment_id", "is_inauthentic", "kind")
TOP_CONFUSIONS = 5
UNKNOWN_NICHE = "unknown"


def _boolean(column: str) -> str:
    return f"cast(trim({column}) as boolean)"


def _label(column: str) -> str:
    """A niche or platform name as compared: lower-case, trimmed, empty = null."""
    return f"nullif(lower(trim({column})), '')"


def load_truth(connection: duckdb.DuckDBPyConnection, truth_dir: Path) -> list[str]:
    """Read the truth folder into temporary tables truth_creators (creator_key, platform, one
    boolean per fraud type present, is_clean, niche and secondary_niche: null when the column is
    missing) and, when present, truth_comments. Returns notes on what is missing; raises
    EvaluationInputError when creators.csv is missing or malformed."""
    truth_dir = Path(truth_dir)
    creators_file = truth_dir / "creators.csv"
    columns = _read_into(
        connection,
        "truth_creators_file",
        "read_csv(?, header = true, all_varchar = true)",
        creators_file,
        required=("creator_key",),
    )
    notes = []
    present = [fraud for fraud in FRAUD_TYPES if fraud in columns]
    if len(present) < len(FRAUD_TYPES):
        missing = ", ".join(fraud for fraud in FRAUD_TYPES if fraud not in present)
        notes.append(f"creators.csv has no column {missing}: not evaluated")
    if "is_clean" in columns:
        clean = _boolean("is_clean")
    else:
        clean = (
            "not coalesce(" + " or ".join(_boolean(f) for f in present or ["'false'"]) + ", false)"
        )
        notes.append("creators.csv has no is_clean (older generator): clean = no fraud flag set")
    flags = "".join(f"{_boolean(fraud)} as {fraud}, " for fraud in present)
    platform = _label("platform" if "platform" in columns else "split_part(creator_key, ':', 1)")
    niches = ", ".join(
        f"{_label(column) if column in columns else 'cast(null as varchar)'} as {column}"
        for column in ("niche", "secondary_niche")
    )
    if "niche" not in columns:
        notes.append("creators.csv has no column niche (older generator): niches not evaluated")
    elif "secondary_niche" not in columns:
        notes.append("creators.csv has no column secondary_niche: secondary niches not evaluated")
    try:
        connection.execute(
            "create or replace temp table truth_creators as"
            f" select creator_key, {platform} as platform, {flags}{clean} as is_clean, {niches}"
            " from truth_creators_file"
        )
    except duckdb.Error as error:
        raise EvaluationInputError(f"{creators_file}: a flag is not a boolean: {error}") from error
    comments_file = truth_dir / "comments.parquet"
    if not comments_file.is_file():
        notes.append(
            f"no {comments_file.name} in the truth folder (older generator):"
            " comment-level scores skipped"
        )
        return notes
    _read_into(
        connection,
        "truth_comments_file",
        "read_parquet(?)",
        comments_file,
        required=COMMENT_COLUMNS,
    )
    try:
        connection.execute(
            "create or replace temp table truth_comments as"
            " select lower(platform::varchar) as platform, comment_id::varchar as comment_id,"
            f" {_boolean('is_inauthentic::varchar')} as is_inauthentic,"
            " coalesce(kind::varchar, '(none)') as kind from truth_comments_file"
        )
    except duckdb.Error as error:
        raise EvaluationInputError(f"{comments_file}: {error}") from error
    return notes


def _read_into(
    connection: duckdb.DuckDBPyConnection,
    table: str,
    reader: str,
    path: Path,
    required: tuple[str, ...],
) -> set[str]:
    """Read path into a temporary table with reader; its column names. Raises
    EvaluationInputError when the file is missing, unreadable or lacks a required column."""
    if not path.is_file():
        raise EvaluationInputError(f"no truth file {path}")
    try:
        connection.execute(
            f"create or replace temp table {table} as select * from {reader}", [exact_path(path)]
        )
    except duckdb.Error as error:
        raise EvaluationInputError(f"cannot read {path}: {error}") from error
    columns = {row[0] for row in connection.execute(f"describe {table}").fetchall()}
    missing = [column for column in required if column not in columns]
    if missing:
        raise EvaluationInputError(f"{path}: missing column(s) {', '.join(missing)}")
    return columns


def evaluate_truth(connection: duckdb.DuckDBPyConnection, truth_dir: Path) -> dict:
    """Creator-level AUC per fraud type, comment-level scores and niche accuracy, as described
    above."""
    notes = load_truth(connection, truth_dir)
    result = {
        "truth_dir": str(Path(truth_dir).resolve()),
        "creators": _creator_scores(connection),
        "comments": None,
        "niches": None,
        "notes": notes,
    }
    has_comments = connection.execute(
        "select count(*) from duckdb_tables() where table_name = 'truth_comments' and temporary"
    ).fetchall()[0][0]
    if has_comments:
        result["comments"] = _comment_scores(connection)
        if result["comments"]["overall"]["not_found"]:
            notes.append(
                f"{result['comments']['overall']['not_found']} truth comment(s) are not in"
                " fct_comments: left out of the counts"
            )
    has_niches = connection.execute("select count(niche) > 0 from truth_creators").fetchall()[0][0]
    if has_niches and not has_table(connection, "dim_creators"):
        notes.append("the release has no dim_creators: niches not evaluated")
    elif has_niches:
        result["niches"] = _niche_scores(connection)
        if result["niches"]["not_in_mart"]:
            notes.append(
                f"{result['niches']['not_in_mart']} truth creator(s) are not in dim_creators:"
                " left out of the niche counts"
            )
    return result


def _creator_scores(connection: duckdb.DuckDBPyConnection) -> dict:
    creators = connection.execute(
        """
        select
            truth.*,
            marts.creator_key is not null as is_in_mart,
            coalesce(marts.is_scored, false) as is_scored,
            100 - marts.authenticity_score as suspicion
        from truth_creators as truth
        left join mart_creator_authenticity as marts
            on truth.creator_key = marts.creator_key
        """
    ).df()
    clean = creators[creators["is_clean"].fillna(False).astype(bool)]
    scores = {}
    for fraud in [f for f in FRAUD_TYPES if f in creators.columns]:
        with_fraud = creators[creators[fraud].fillna(False).astype(bool)]
        clean_only = clean[~clean[fraud].fillna(False).astype(bool)]
        scored = [group[group["is_scored"]] for group in (with_fraud, clean_only)]
        scores[fraud] = {
            "auc": roc_auc(
                [True] * len(scored[0]) + [False] * len(scored[1]),
                [*scored[0]["suspicion"], *scored[1]["suspicion"]],
            ),
            "fraud": _group_counts(with_fraud),
            "clean": _group_counts(clean_only),
        }
    return scores


def _group_counts(group) -> dict:
    in_mart = group[group["is_in_mart"]]
    return {
        "creators": len(group),
        "scored": int(in_mart["is_scored"].sum()),
        "unscored": int((~in_mart["is_scored"]).sum()),
        "not_in_mart": int((~group["is_in_mart"]).sum()),
    }


def _comment_scores(connection: duckdb.DuckDBPyConnection) -> dict:
    rows = connection.execute(
        """
        with judged as (
            select
                truth.kind,
                truth.is_inauthentic,
                comments.comment_id is not null as is_found,
                coalesce(comments.is_suspicious, false) as is_flagged
            from truth_comments as truth
            left join fct_comments as comments
                on truth.platform = comments.platform and truth.comment_id = comments.comment_id
        )
        select
            grouping(kind) = 1 as is_overall,
            kind,
            count(*) filter (where is_found and is_inauthentic and is_flagged) as tp,
            count(*) filter (where is_found and not is_inauthentic and is_flagged) as fp,
            count(*) filter (where is_found and is_inauthentic and not is_flagged) as fn,
            count(*) filter (where is_found and not is_inauthentic and not is_flagged) as tn,
            count(*) as comments,
            count(*) filter (where not is_found) as not_found
        from judged
        group by grouping sets ((kind), ())
        order by is_overall desc, kind
        """
    ).fetchall()
    per_kind = {}
    for _, kind, tp, fp, fn, tn, comments, not_found in rows:
        found = comments - not_found
        per_kind[kind] = {
            **confusion_scores(tp, fp, fn, tn),
            "comments": comments,
            "not_found": not_found,
            "flagged_share": (tp + fp) / found if found else None,
        }
    overall = per_kind.pop(None)
    return {"overall": overall, "per_kind": per_kind}


def _niche_scores(connection: duckdb.DuckDBPyConnection) -> dict:
    connection.execute(
        f"""
        create or replace temp table niche_judged as
        select
            truth.platform,
            truth.niche,
            truth.secondary_niche,
            coalesce({_label("dims.primary_niche")}, '{UNKNOWN_NICHE}') as predicted,
            {_label("dims.secondary_niche")} as predicted_secondary,
            coalesce(marts.is_scored, false) as is_scored
        from truth_creators as truth
        inner join dim_creators as dims
            on truth.creator_key = dims.creator_key
        left join mart_creator_authenticity as marts
            on truth.creator_key = marts.creator_key
        where truth.niche is not null
        """
    )
    rows = connection.execute(
        f"""
        select
            grouping(platform) = 1 as is_overall,
            platform,
            count(*) as creators,
            count(*) filter (where predicted = niche) as correct,
            count(*) filter (where predicted = '{UNKNOWN_NICHE}') as unknown,
            count(*) filter (where is_scored) as scored_creators,
            count(*) filter (where is_scored and predicted = niche) as scored_correct,
            count(*) filter (where is_scored and predicted = '{UNKNOWN_NICHE}') as scored_unknown
        from niche_judged
        group by grouping sets ((platform), ())
        order by is_overall desc, platform
        """
    ).fetchall()
    overall, per_platform = None, {}
    for is_overall, platform, creators, correct, unknown, *scored_counts in rows:
        group = {
            "all": _accuracy(creators, correct, unknown),
            "scored": _accuracy(*scored_counts),
        }
        if is_overall:
            overall = group
        else:
            per_platform[platform or "(none)"] = group
    confusions = connection.execute(
        """
        select niche, predicted, count(*) as creators
        from niche_judged
        where predicted <> niche
        group by niche, predicted
        order by creators desc, niche, predicted
        limit ?
        """,
        [TOP_CONFUSIONS],
    ).fetchall()
    secondary = connection.execute(
        """
        select
            count(*) filter (where secondary_niche is not null),
            count(*) filter (
                where secondary_niche is not null
                and secondary_niche in (predicted, coalesce(predicted_secondary, ''))
            ),
            count(*) filter (where predicted_secondary is not null),
            count(*) filter (
                where predicted_secondary is not null
                and predicted_secondary in (niche, coalesce(secondary_niche, ''))
            )
        from niche_judged
        """
    ).fetchall()[0]
    not_in_mart = connection.execute(
        """
        select count(*) from truth_creators as truth
        where truth.niche is not null and not exists (
            select 1 from dim_creators as dims where dims.creator_key = truth.creator_key
        )
        """
    ).fetchall()[0][0]
    truth_secondary, recalled, predicted_secondary, secondary_correct = secondary
    return {
        "overall": overall,
        "per_platform": per_platform,
        "not_in_mart": not_in_mart,
        "top_confusions": [
            {"truth": truth, "predicted": predicted, "creators": creators}
            for truth, predicted, creators in confusions
        ],
        "secondary": {
            "truth_secondary": truth_secondary,
            "recalled": recalled,
            "recall": _share(recalled, truth_secondary),
            "predicted_secondary": predicted_secondary,
            "correct": secondary_correct,
            "precision": _share(secondary_correct, predicted_secondary),
        },
    }


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _accuracy(creators: int, correct: int, unknown: int) -> dict:
    return {
        "creators": creators,
        "correct": correct,
        "accuracy": _share(correct, creators),
        "unknown": unknown,
        "unknown_share": _share(unknown, creators),
    }
