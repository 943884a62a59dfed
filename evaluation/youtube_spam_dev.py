"""Convert the YouTube spam development set (comments.csv) into a bignoise dumps folder.

The set holds real comments from a few videos, each labelled spam (1) or not (0), with columns
video_id, comment_id, author, published_at, text, label (RFC 4180, UTF-8). The conversion runs in
DuckDB (read_csv, then COPY ... to JSON lines) and writes, under OUT:

    OUT/dumps/posts/youtube_spam_dev_posts.jsonl        one post per video
    OUT/dumps/comments/youtube_spam_dev_comments.jsonl  one comment per row, text byte-for-byte
    OUT/labels.csv                                      comment_id, label, video_id (outside dumps/)
    OUT/README.md                                       what follows, for whoever opens OUT

Run it with `python -m evaluation.youtube_spam_dev --csv PATH --out OUT`.

No profile snapshots are written: the input contract makes profiles optional, and the set knows
nothing about the channels.

Placeholders for what the set does not carry (platform is youtube, post_id is the video_id):

- creator_id of a video: `unknown-channel-of:<video_id>` (the channel is not in the set);
- posted_at of a video: its earliest comment's published_at, or POSTED_AT_PLACEHOLDER
  (2014-01-01T00:00:00Z: the set was collected in 2014) when none of its comments has a time;
- scraped_at of posts and comments: SCRAPED_AT_PLACEHOLDER (2015-01-01T00:00:00Z), after every
  comment (a comment published later is an error); the run's as_of is then this time;
- author_id: the author display name where present, else `anonymous:<comment_id>`, so that each
  unknown author counts as a distinct person and no behaviour signal (repeated text, pods) can
  fire on an invented identity; author_handle: the display name, or absent;
- created_at: published_at where present (passed through as written; naive = UTC, as in the
  contract), else the video's posted_at.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

from evaluation import exact_path, sql_literal

PLATFORM = "youtube"
CREATOR_ID_PREFIX = "unknown-channel-of:"
ANONYMOUS_AUTHOR_PREFIX = "anonymous:"
POSTED_AT_PLACEHOLDER = "2014-01-01T00:00:00Z"
SCRAPED_AT_PLACEHOLDER = "2015-01-01T00:00:00Z"
COLUMNS = ["video_id", "comment_id", "author", "published_at", "text", "label"]

README = f"""# YouTube spam development set, as a bignoise dumps folder

Written by `python -m evaluation.youtube_spam_dev`. `dumps/` is a dumps folder for
`bignoise run` / `bignoise evaluate`; `labels.csv` (comment_id, label 1 = spam / 0 = not,
video_id) sits outside it, so ingestion cannot see the labels:

    bignoise evaluate --dumps dumps --labels labels.csv

Comment texts are copied byte-for-byte. One post per video (platform `{PLATFORM}`,
post_id = video_id). Fields the set does not carry are placeholders:

- `creator_id`: `{CREATOR_ID_PREFIX}<video_id>`;
- post `posted_at`: the video's earliest comment time, else `{POSTED_AT_PLACEHOLDER}`
  (the set was collected in 2014);
- `scraped_at` (posts and comments): `{SCRAPED_AT_PLACEHOLDER}`, after every comment;
- `author_id`: the author display name where present, else `{ANONYMOUS_AUTHOR_PREFIX}<comment_id>`
  (every unknown author counted as distinct, so no behaviour signal fires on invented identity);
- comment `created_at`: published_at where present, else the video's `posted_at`.

No profile snapshots: the set knows nothing about the channels, so no creator has followers
and none is scored for authenticity; only comment-level flags can be measured here.
"""


@dataclass(frozen=True)
class Conversion:
    dumps_dir: Path
    labels_file: Path
    posts: int
    comments: int


def convert(csv_path: Path, out_dir: Path) -> Conversion:
    """Write OUT/dumps/, OUT/labels.csv and OUT/README.md from the development-set CSV.

    Raises ValueError when the CSV does not have the expected columns or values (a duplicate or
    missing id, a label other than 0/1, an unparsable time, a comment after the placeholder
    scrape time)."""
    out_dir = Path(out_dir)
    dumps_dir = out_dir / "dumps"
    posts_file = dumps_dir / "posts" / "youtube_spam_dev_posts.jsonl"
    comments_file = dumps_dir / "comments" / "youtube_spam_dev_comments.jsonl"
    labels_file = out_dir / "labels.csv"
    for folder in (posts_file.parent, comments_file.parent):
        folder.mkdir(parents=True, exist_ok=True)
    with duckdb.connect() as connection:
        connection.execute("set TimeZone = 'UTC'")
        # Every value as text: the comment texts must come through exactly as written.
        connection.execute(
            "create table source as select * from read_csv(?, header = true, delim = ',',"
            " quote = '\"', escape = '\"', all_varchar = true, strict_mode = true)",
            [exact_path(csv_path)],
        )
        _check_source(connection, csv_path)
        connection.execute(
            """
            create table videos as
            select
                video_id,
                coalesce(
                    strftime(min(published_at::timestamptz), '%Y-%m-%dT%H:%M:%SZ'), ?
                ) as posted_at
            from source group by video_id
            """,
            [POSTED_AT_PLACEHOLDER],
        )
        connection.execute(
            f"""
            copy (
                select ? as platform, video_id as post_id, ? || video_id as creator_id,
                       posted_at, ? as scraped_at,
                       'https://www.youtube.com/watch?v=' || video_id as url
                from videos order by video_id
            ) to {sql_literal(posts_file)} (format json)
            """,
            [PLATFORM, CREATOR_ID_PREFIX, SCRAPED_AT_PLACEHOLDER],
        )
        connection.execute(
            f"""
            copy (
                select ? as platform, source.comment_id, source.video_id as post_id,
                       coalesce(source.author, ? || source.comment_id) as author_id,
                       source.author as author_handle, source.text,
                       coalesce(source.published_at, videos.posted_at) as created_at,
                       ? as scraped_at
                from source join videos using (video_id)
                order by source.video_id, source.comment_id
            ) to {sql_literal(comments_file)} (format json)
            """,
            [PLATFORM, ANONYMOUS_AUTHOR_PREFIX, SCRAPED_AT_PLACEHOLDER],
        )
        connection.execute(
            f"""
            copy (
                select comment_id, label::integer as label, video_id
                from source order by video_id, comment_id
            ) to {sql_literal(labels_file)} (format csv, header)
            """
        )
        posts, comments = connection.execute(
            "select count(distinct video_id), count(*) from source"
        ).fetchall()[0]
    (out_dir / "README.md").write_text(README)
    return Conversion(dumps_dir, labels_file, posts, comments)


def _check_source(connection: duckdb.DuckDBPyConnection, csv_path: Path) -> None:
    columns = [row[0] for row in connection.execute("describe source").fetchall()]
    if columns != COLUMNS:
        raise ValueError(f"{csv_path}: expected columns {COLUMNS}, got {columns}")
    problems = connection.execute(
        """
        select
            count(*) filter (where video_id is null or comment_id is null),
            count(*) - count(distinct comment_id),
            count(*) filter (where label is null or label not in ('0', '1')),
            count(*) filter (
                where published_at is not null and try_cast(published_at as timestamptz) is null
            ),
            count(*) filter (where try_cast(published_at as timestamptz) >= ?::timestamptz)
        from source
        """,
        [SCRAPED_AT_PLACEHOLDER],
    ).fetchall()[0]
    messages = [
        "rows without video_id or comment_id",
        "repeated comment_ids",
        "labels other than 0 or 1",
        "unparsable published_at values",
        f"comments published at or after the placeholder scrape time {SCRAPED_AT_PLACEHOLDER}",
    ]
    found = [
        f"{count} {message}" for count, message in zip(problems, messages, strict=True) if count
    ]
    if found:
        raise ValueError(f"{csv_path}: " + "; ".join(found))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evaluation.youtube_spam_dev", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--csv", required=True, type=Path, help="the development set's CSV")
    parser.add_argument("--out", required=True, type=Path, help="folder for dumps/ and labels.csv")
    args = parser.parse_args(argv)
    if not args.csv.is_file():
        print(f"error: no such file: {args.csv}", file=sys.stderr)
        return 2
    try:
        result = convert(args.csv, args.out)
    except (ValueError, duckdb.Error) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(
        f"wrote {result.posts} posts and {result.comments} comments to {result.dumps_dir}, "
        f"labels to {result.labels_file}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
