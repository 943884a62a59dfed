"""fct_comments.is_suspicious measured against hand-labelled comments (a labels file).

A labels file is a CSV with a header: `comment_id`, `label` (1/0, true/false, yes/no), and
optionally `video_id` (the post it was labelled on) and `platform`. Labelled comments missing
from fct_comments are counted apart (`not_found`) and left out of the confusion counts: they
are reported, never silently dropped.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from evaluation import EvaluationInputError, exact_path
from evaluation.metrics import confusion_scores

REQUIRED_COLUMNS = ("comment_id", "label")
OPTIONAL_COLUMNS = ("video_id", "platform")
NOT_FLAGGED = "(not flagged)"


def load_labels(connection: duckdb.DuckDBPyConnection, labels_file: Path) -> None:
    """Read labels_file into the temporary table `labels` (comment_id, label, video_id, platform).

    Raises EvaluationInputError for a missing file, missing columns, a label that is not a
    boolean, or a comment labelled twice."""
    labels_file = Path(labels_file)
    if not labels_file.is_file():
        raise EvaluationInputError(f"no such labels file: {labels_file}")
    try:
        connection.execute(
            "create or replace temp table labels_file as"
            " select * from read_csv(?, header = true, all_varchar = true)",
            [exact_path(labels_file)],
        )
    except duckdb.Error as error:
        raise EvaluationInputError(f"cannot read {labels_file}: {error}") from error
    columns = {row[0] for row in connection.execute("describe labels_file").fetchall()}
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        raise EvaluationInputError(f"{labels_file}: missing column(s) {', '.join(missing)}")
    optional = ", ".join(
        column if column in columns else f"null::varchar as {column}" for column in OPTIONAL_COLUMNS
    )
    connection.execute(
        "create or replace temp table labels as select comment_id,"
        f" try_cast(trim(label) as boolean) as label, {optional} from labels_file"
    )
    unlabelled, repeated = connection.execute(
        "select count(*) filter (where label is null or comment_id is null),"
        " count(*) - count(distinct (platform, comment_id)) from labels"
    ).fetchall()[0]
    if unlabelled or repeated:
        raise EvaluationInputError(
            f"{labels_file}: {unlabelled} row(s) without a comment_id or a 0/1 label, "
            f"{repeated} comment(s) labelled more than once"
        )


def evaluate_labels(connection: duckdb.DuckDBPyConnection, labels_file: Path) -> dict:
    """Precision, recall and F1 of is_suspicious overall and per post, with the counts behind
    them, the labelled comments not found, and the flags by reason code."""
    load_labels(connection, labels_file)
    connection.execute(
        """
        create or replace temp table labelled as
        select
            labels.platform as labelled_platform,
            labels.comment_id,
            labels.label,
            coalesce(posts.post_id, labels.video_id, '(unknown post)') as post_id,
            labels.video_id is not null and posts.post_id <> labels.video_id as is_other_post,
            comments.comment_id is not null as is_found,
            coalesce(comments.is_suspicious, false) as is_flagged,
            comments.suspicion_reasons
        from labels
        left join fct_comments as comments
            on comments.comment_id = labels.comment_id
            and (labels.platform is null or comments.platform = lower(labels.platform))
        left join fct_posts as posts
            on posts.post_key = comments.post_key
        """
    )
    ambiguous = connection.execute(
        "select count(*) - count(distinct (labelled_platform, comment_id)) from labelled"
    ).fetchall()[0][0]
    if ambiguous:
        raise EvaluationInputError(
            f"{labels_file}: {ambiguous} comment_id(s) match comments on several platforms;"
            " add a platform column"
        )
    groups = connection.execute(
        """
        select
            grouping(post_id) = 1 as is_overall,
            post_id,
            count(*) filter (where is_found and label and is_flagged) as tp,
            count(*) filter (where is_found and not label and is_flagged) as fp,
            count(*) filter (where is_found and label and not is_flagged) as fn,
            count(*) filter (where is_found and not label and not is_flagged) as tn,
            count(*) as labelled,
            count(*) filter (where not is_found) as not_found,
            count(*) filter (where not is_found and label) as not_found_positive
        from labelled
        group by grouping sets ((post_id), ())
        order by is_overall desc, post_id
        """
    ).fetchall()
    scored = {}
    for _, post_id, tp, fp, fn, tn, count, not_found, not_found_positive in groups:
        scored[post_id] = {
            **confusion_scores(tp, fp, fn, tn),
            "labelled": count,
            "not_found": not_found,
            "not_found_positive": not_found_positive,
        }
    overall = scored.pop(None)
    other_post = connection.execute("select count(*) from labelled where is_other_post").fetchall()
    notes = []
    if overall["not_found"]:
        notes.append(
            f"{overall['not_found']} labelled comment(s) ({overall['not_found_positive']} positive)"
            " are not in fct_comments (quarantined, or on an unknown post): left out of the counts"
        )
    if other_post[0][0]:
        notes.append(f"{other_post[0][0]} comment(s) found on another post than their video_id")
    return {
        "labels_file": str(Path(labels_file).resolve()),
        "overall": overall,
        "per_post": scored,
        "by_reason": _by_reason(connection),
        "notes": notes,
    }


def _by_reason(connection: duckdb.DuckDBPyConnection) -> list[dict]:
    """Found comments per reason code: for a reason, positive = true and negative = false
    positives; for NOT_FLAGGED, positive = false and negative = true negatives. A comment with
    several reasons counts under each."""
    rows = connection.execute(
        f"""
        with reasons as (
            select
                label,
                unnest(
                    case
                        when is_flagged then string_split(suspicion_reasons, ',')
                        else ['{NOT_FLAGGED}']
                    end
                ) as reason_code
            from labelled
            where is_found
        )
        select
            coalesce(nullif(reason_code, ''), '(no reason given)') as reason,
            count(*) filter (where label) as positive,
            count(*) filter (where not label) as negative
        from reasons
        group by reason
        order by reason = '{NOT_FLAGGED}', count(*) desc, reason
        """
    ).fetchall()
    return [
        {"reason": reason, "positive": positive, "negative": negative}
        for reason, positive, negative in rows
    ]
