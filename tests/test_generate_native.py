"""`bignoise generate --native`: the same generated data as platform-native API responses.

A small set is generated both ways with one seed; the native one is ingested by the native
readers (every shape of assets/ingestion/native_shapes.py) and compared with the canonical files,
read back independently with DuckDB: nothing is quarantined, every platform has as many post,
comment and profile snapshots, and the counts, times and ids agree.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from assets.ingestion.loader import ingest_entity
from assets.ingestion.native_shapes import NATIVE_ENTITIES, SIDECAR_ENDING
from synthetic import generate_dumps, native_writers

END_DATE = "2026-11-01T00:00:00Z"
# Five creators of seed 9 cover the three platforms, each with profiles and comment replies.
CREATORS, SEED = 5, 9
# Small pages, so a scrape time's comments span several files (<time>-2.json, ...).
ITEMS_PER_FILE = 40

# Where each native posts shape keeps the values compared: (post id, posted_at, likes, views,
# comments); None where the shape has no such field (IG Graph media give no views).
POST_COLUMNS = {
    "youtube__videos": (
        "id",
        "snippet__published_at",
        "statistics__like_count",
        "statistics__view_count",
        "statistics__comment_count",
    ),
    "instagram_graph__media": ("id", "timestamp", "like_count", None, "comments_count"),
    "tiktok_research__videos": ("id", "create_time", "like_count", "view_count", "comment_count"),
}
# (comment id, post id, parent id, created_at, likes) of each native comments shape.
COMMENT_COLUMNS = {
    "youtube__comment_threads": (
        "id",
        "snippet__video_id",
        "snippet__parent_id",
        "snippet__published_at",
        "snippet__like_count",
    ),
    "instagram_graph__comments": ("id", "media__id", "parent_id", "timestamp", "like_count"),
    # A top-level TikTok comment names its video as its parent.
    "tiktok_research__comments": (
        "id",
        "video_id",
        "nullif(parent_comment_id, video_id)",
        "create_time",
        "like_count",
    ),
}
# (creator id, followers) of each native profiles shape.
PROFILE_COLUMNS = {
    "youtube__channels": ("id", "statistics__subscriber_count"),
    "instagram_graph__business_discovery": ("id", "followers_count"),
    "tiktok_research__users": ("username", "follower_count"),
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    root = tmp_path_factory.mktemp("generated_native")
    canonical = generate_dumps(
        root / "canonical" / "dumps", creators=CREATORS, seed=SEED, end_date=END_DATE
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(native_writers, "ITEMS_PER_FILE", ITEMS_PER_FILE)
        native = generate_dumps(
            root / "native" / "dumps", creators=CREATORS, seed=SEED, end_date=END_DATE, native=True
        )
    return canonical, native


@pytest.fixture(scope="module")
def ingested(generated):
    """(connection, ingest results by shape): the native set ingested into raw.*, beside the
    canonical files as canonical_* tables and the raw tables in canonical terms as native_*."""
    canonical, native = generated
    connection = duckdb.connect()
    connection.execute("set TimeZone = 'UTC'")
    results = {
        name: ingest_entity(connection, entity, native.out_dir, "native-test")
        for name, entity in NATIVE_ENTITIES.items()
    }
    _read_canonical(connection, canonical.out_dir)
    _native_views(connection)
    yield connection, results
    connection.close()


@pytest.fixture(scope="module")
def db(ingested):
    return ingested[0]


def _read_canonical(connection: duckdb.DuckDBPyConnection, dumps: Path) -> None:
    """canonical_posts, canonical_comments, canonical_profiles: every record as JSON."""
    connection.execute(
        """
        create macro instant(value) as (case
            when regexp_full_match(value, '[0-9]+') then to_timestamp(value::bigint)
            else value::timestamptz end) at time zone 'UTC'
        """
    )
    for entity in ("posts", "comments", "profiles"):
        parts = []
        for path in sorted(p for p in (dumps / entity).rglob("*") if p.is_file()):
            if path.name.endswith((".jsonl.gz", ".ndjson")):
                parts.append(f"select json as j from read_ndjson_objects('{path}')")
            elif path.name.endswith((".csv", ".csv.gz")):
                parts.append(f"select to_json(t) as j from read_csv('{path}', all_varchar=true) t")
            elif path.name.endswith(".parquet"):
                parts.append(f"select to_json(t) as j from read_parquet('{path}') t")
            else:
                raise AssertionError(f"unexpected canonical file {path}")
        connection.execute(f"create table canonical_{entity} as {' union all '.join(parts)}")


def _native_views(connection: duckdb.DuckDBPyConnection) -> None:
    """native_posts, native_comments, native_profiles: the raw tables in canonical terms."""
    posts = [
        f"""select '{NATIVE_ENTITIES[name].platform}' as platform, {post_id}::varchar as post_id,
                   scraped_at, {posted_at} as posted_at, {likes} as likes,
                   {views or "null::bigint"} as views, {comments} as comments
            from raw.{name}"""
        for name, (post_id, posted_at, likes, views, comments) in POST_COLUMNS.items()
    ]
    comments = [
        f"""select '{NATIVE_ENTITIES[name].platform}' as platform, {cid} as comment_id,
                   {post_id} as post_id, {parent} as parent_comment_id, {created} as created_at,
                   scraped_at, {likes} as likes
            from raw.{name}"""
        for name, (cid, post_id, parent, created, likes) in COMMENT_COLUMNS.items()
    ]
    profiles = [
        f"""select '{NATIVE_ENTITIES[name].platform}' as platform, {creator} as creator_id,
                   {followers} as followers, scraped_at
            from raw.{name}"""
        for name, (creator, followers) in PROFILE_COLUMNS.items()
    ]
    for entity, parts in (("posts", posts), ("comments", comments), ("profiles", profiles)):
        connection.execute(f"create view native_{entity} as {' union all '.join(parts)}")


def _rows(db, sql: str) -> list[tuple]:
    return db.execute(sql).fetchall()


def _file_hashes(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# Layout and determinism ------------------------------------------------------------------------


def test_native_set_writes_only_native_folders(generated):
    _, native = generated
    assert {p.name for p in native.out_dir.iterdir()} == set(native_writers.NATIVE_FOLDERS)
    folders = {e.folder_path for e in NATIVE_ENTITIES.values()}
    for entity in ("posts", "comments", "profiles"):
        for path in native.files[entity]:
            relative = path.relative_to(native.out_dir)
            assert any(relative.is_relative_to(folder) for folder in folders), relative
    # Every TikTok user file has its scrape time beside it; nothing else needs one.
    users = [p for p in native.files["profiles"] if "tiktok_research" in p.parts]
    assert sorted(native.files["sidecars"]) == sorted(
        p.with_name(p.name + SIDECAR_ENDING) for p in users
    )
    # The small pages did split scrape times over several files.
    assert any(p.stem.endswith("-2") for p in native.files["comments"])


def test_same_seed_gives_same_bytes(generated, tmp_path):
    canonical, native = generated
    again = generate_dumps(
        tmp_path / "again" / "dumps", creators=CREATORS, seed=SEED, end_date=END_DATE, native=True
    )
    assert again.rows == native.rows == canonical.rows
    first = _file_hashes(again.out_dir)
    second = generate_dumps(
        tmp_path / "second" / "dumps", creators=CREATORS, seed=SEED, end_date=END_DATE, native=True
    )
    assert _file_hashes(second.out_dir) == first
    assert _file_hashes(again.truth_dir) == _file_hashes(canonical.truth_dir)


# Ingestion ------------------------------------------------------------------------------------


def test_every_file_loads_and_nothing_is_quarantined(ingested, generated):
    db, results = ingested
    _, native = generated
    assert sum(r.records_quarantined for r in results.values()) == 0, {
        name: r.quarantine_reasons for name, r in results.items() if r.records_quarantined
    }
    assert _rows(db, "select count(*) from raw.quarantine") == [(0,)]
    # No file is skipped as a copy of another: each response is unique, whatever its name says.
    assert all(r.files_skipped == 0 and not r.unsupported_files for r in results.values())
    written = sum(len(native.files[e]) for e in ("posts", "comments", "profiles"))
    read = {
        path
        for (path,) in _rows(db, "select distinct file from raw.ingest_log where status = 'loaded'")
    }
    assert len(read) == written
    # The scrape time comes from each file's name, or from its sidecar for the TikTok users.
    sources = dict(
        _rows(
            db,
            "select entity, string_agg(distinct scraped_at_source, ',') from raw.ingest_log"
            " where status = 'loaded' group by entity",
        )
    )
    assert sources.pop("tiktok_research__users") == "sidecar"
    assert set(sources.values()) == {"file_name"}


def test_each_platform_has_as_many_snapshots_as_the_canonical_set(db):
    for entity, key in (("posts", "post_id"), ("comments", "comment_id"), ("profiles", None)):
        counts: dict[str, int] = {}
        for name, shape in NATIVE_ENTITIES.items():
            if shape.feeds == entity:
                (count,) = _rows(db, f"select count(*) from raw.{name}")[0]
                counts[shape.platform] = counts.get(shape.platform, 0) + count
        canonical = dict(
            _rows(db, f"select j->>'platform', count(*) from canonical_{entity} group by 1")
        )
        assert {p: n for p, n in counts.items() if n} == canonical, entity
        if key:
            distinct = dict(
                _rows(
                    db,
                    f"select j->>'platform', count(distinct j->>'{key}')"
                    f" from canonical_{entity} group by 1",
                )
            )
            assert distinct == dict(
                _rows(db, f"select platform, count(distinct {key}) from native_{entity} group by 1")
            )


def test_post_counts_and_times_equal_the_canonical_ones(db):
    mismatches = _rows(
        db,
        """
        with canonical as (
            select j->>'platform' as platform, j->>'post_id' as post_id,
                   instant(j->>'scraped_at') as scraped_at, instant(j->>'posted_at') as posted_at,
                   (j->>'likes')::bigint as likes, (j->>'views')::bigint as views,
                   (j->>'comments')::bigint as comments
            from canonical_posts
        )
        select c.platform, c.post_id, c.scraped_at, n.post_id is null as missing
        from canonical as c
        left join native_posts as n using (platform, post_id, scraped_at)
        where n.post_id is null
           or n.posted_at <> c.posted_at
           or n.likes is distinct from c.likes
           or n.comments is distinct from c.comments
           -- IG Graph media give no views: the canonical ones are a documented gap
           or (c.platform <> 'instagram' and n.views is distinct from c.views)
        """,
    )
    assert mismatches == []
    # The comparison covered real counts, not only nulls.
    assert _rows(db, "select count(*) > 0 from native_posts where views > 0 and likes > 0")[0][0]


def test_comments_and_profiles_equal_the_canonical_ones(db):
    comment_mismatches = _rows(
        db,
        """
        select c.j->>'platform', c.j->>'comment_id'
        from canonical_comments as c
        left join native_comments as n
          on n.platform = c.j->>'platform' and n.comment_id = c.j->>'comment_id'
        where n.comment_id is null
           or n.post_id <> c.j->>'post_id'
           or n.parent_comment_id is distinct from c.j->>'parent_comment_id'
           or n.created_at <> instant(c.j->>'created_at')
           or n.scraped_at <> instant(c.j->>'scraped_at')
           or n.likes is distinct from (c.j->>'likes')::bigint
        """,
    )
    assert comment_mismatches == []
    # Replies kept their threads on every platform.
    assert _rows(
        db,
        "select count(distinct platform) from native_comments where parent_comment_id is not null",
    ) == [(3,)]
    profile_mismatches = _rows(
        db,
        """
        select c.j->>'platform', c.j->>'creator_id', c.j->>'scraped_at'
        from canonical_profiles as c
        left join native_profiles as n
          on n.platform = c.j->>'platform' and n.creator_id = c.j->>'creator_id'
             and n.scraped_at = instant(c.j->>'scraped_at')
        where n.creator_id is null or n.followers <> (c.j->>'followers')::bigint
        """,
    )
    assert profile_mismatches == []


def test_tiktok_ids_survive_exactly(db, generated):
    _, native = generated
    canonical_posts = {
        post_id
        for (post_id,) in _rows(
            db, "select distinct j->>'post_id' from canonical_posts where j->>'platform' = 'tiktok'"
        )
    }
    native_posts = {
        post_id for (post_id,) in _rows(db, "select distinct id from raw.tiktok_research__videos")
    }
    assert native_posts == canonical_posts
    assert all(len(post_id) == 19 and post_id.isdigit() for post_id in native_posts)
    canonical_comments = set(
        _rows(
            db,
            "select j->>'comment_id', j->>'post_id' from canonical_comments"
            " where j->>'platform' = 'tiktok'",
        )
    )
    assert set(_rows(db, "select id, video_id from raw.tiktok_research__comments")) == (
        canonical_comments
    )
    # Written as JSON numbers (the API's int64), and still exact as text.
    a_file = next(p for p in native.files["posts"] if "tiktok_research" in p.parts)
    text = a_file.read_text()
    assert any(f'"id":{post_id},' in text for post_id in native_posts)
    assert '"id":"' not in text
    creators = {
        creator
        for (creator,) in _rows(
            db,
            "select distinct j->>'creator_id' from canonical_profiles"
            " where j->>'platform' = 'tiktok'",
        )
    }
    assert creators == {u for (u,) in _rows(db, "select username from raw.tiktok_research__users")}
