"""Write the generated tables to the dumps folder, exercising every reader of the contract.

- posts/<platform>/<yyyy-mm>.jsonl.gz (instagram, tiktok; tiktok leaves hashtags out, so they
  are parsed from captions) and posts/youtube/<yyyy-mm>.csv.gz (hashtags space-separated);
  one file per month of scraping; timestamps mixed (Z, +02:00, naive).
- comments/<platform>/part-NNNNN.parquet in chunks; tiktok's timestamps as epoch seconds.
- profiles/<platform>/snapshots.csv (instagram, tiktok) and profiles/youtube/snapshots.ndjson
  (timestamps with a -05:00 offset).
Every file is written by DuckDB COPY, its rows in a fixed order, so a seed gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

_POST_COLUMNS = """platform, post_id, creator_id, creator_handle, creator_followers,
    iso_mixed(posted_at, post_idx * 4 + snapshot_number) as posted_at,
    iso_mixed(scraped_at, post_idx * 4 + snapshot_number) as scraped_at,
    caption, {hashtags} media_type, likes, comments, shares, saves, views, is_sponsored, url"""

_COMMENT_COLUMNS = """platform, comment_id, post_id, author_id, author_handle, text,
    {created_at} as created_at, {scraped_at} as scraped_at, parent_comment_id, likes"""

_PROFILE_COLUMNS = """platform, creator_id, handle, followers, following, media_count, bio,
    category, country, language, is_verified, {scraped_at} as scraped_at"""


def _copy(connection: duckdb.DuckDBPyConnection, select_sql: str, path: Path, options: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    escaped = str(path).replace("'", "''")
    connection.execute(f"copy ({select_sql}) to '{escaped}' ({options})")


def write_posts(connection: duckdb.DuckDBPyConnection, out_dir: Path) -> list[Path]:
    written = []
    files = connection.execute(
        "select distinct platform, year_month(scraped_at) from post_snapshots order by all"
    ).fetchall()
    for platform, month in files:
        if platform == "youtube":
            hashtags, suffix, options = (
                "array_to_string(hashtags, ' ') as hashtags,",
                "csv.gz",
                "format csv, header true, compression gzip",
            )
        else:
            # TikTok files leave the field out: readers parse the tags from the caption.
            hashtags = "" if platform == "tiktok" else "hashtags,"
            suffix, options = "jsonl.gz", "format json, compression gzip"
        path = out_dir / "posts" / platform / f"{month}.{suffix}"
        _copy(
            connection,
            f"""select {_POST_COLUMNS.format(hashtags=hashtags)} from post_snapshots
                where platform = '{platform}' and year_month(scraped_at) = '{month}'
                order by post_idx, snapshot_number""",
            path,
            options,
        )
        written.append(path)
    return written


def write_comments(connection: duckdb.DuckDBPyConnection, out_dir: Path) -> list[Path]:
    written = []
    files = connection.execute(
        "select distinct platform, file_chunk from comments order by all"
    ).fetchall()
    for platform, chunk in files:
        # TikTok's scraper logs epoch seconds; the others ISO 8601 in UTC.
        if platform == "tiktok":
            columns = _COMMENT_COLUMNS.format(created_at="created_at", scraped_at="scraped_at")
        else:
            columns = _COMMENT_COLUMNS.format(
                created_at="iso_utc(created_at)", scraped_at="iso_utc(scraped_at)"
            )
        path = out_dir / "comments" / platform / f"part-{chunk + 1:05d}.parquet"
        _copy(
            connection,
            f"""select {columns} from comments
                where platform = '{platform}' and file_chunk = {chunk}
                order by post_idx, comment_key""",
            path,
            "format parquet",
        )
        written.append(path)
    return written


def write_profiles(connection: duckdb.DuckDBPyConnection, out_dir: Path) -> list[Path]:
    written = []
    platforms = connection.execute(
        "select distinct platform from profile_snapshots order by all"
    ).fetchall()
    for (platform,) in platforms:
        if platform == "youtube":
            columns = _PROFILE_COLUMNS.format(scraped_at="iso_offset(scraped_at, -300)")
            path, options = out_dir / "profiles" / platform / "snapshots.ndjson", "format json"
        else:
            columns = _PROFILE_COLUMNS.format(scraped_at="iso_utc(scraped_at)")
            path, options = out_dir / "profiles" / platform / "snapshots.csv", "format csv, header"
        _copy(
            connection,
            f"""select {columns} from profile_snapshots where platform = '{platform}'
                order by creator_idx, scraped_at""",
            path,
            options,
        )
        written.append(path)
    return written
