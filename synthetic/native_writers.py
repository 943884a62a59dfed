"""Write the generated tables as platform-native dumps (`bignoise generate --native`).

The same rows as the canonical writers (writers.py), shaped as the platforms' own API responses,
where assets/ingestion/native_shapes.py reads them:

- youtube/videos/<day>/<time>.json: videos.list responses (counts as JSON strings, likeCount
  absent when likes are unknown); youtube/comment_threads/<day>/<time>.json: commentThreads.list
  responses (each top-level comment with its replies in replies.comments);
  youtube/channels/<day>/<time>.json: channels.list responses.
- instagram_graph/media/<day>/<time>.json: the IG User media edge (data[], paging);
  instagram_graph/comments/<day>/<time>.json: the IG Media comments edge (replies in
  replies.data); instagram_graph/business_discovery/<day>/<time>.jsonl: one business_discovery
  response per line (its media edge left empty: the posts are in media/).
- tiktok_research/videos/<day>/<time>.json and tiktok_research/comments/<day>/<time>.json: video
  and comment query responses (ids as JSON numbers, times as epoch seconds);
  tiktok_research/users/<day>/<creator_id>.json: user info responses, named by the user, with the
  scrape time in a `<file>.meta.json` sidecar.

<day> is the scrape's UTC date, <time> its time (2026-05-20T101500): API responses do not say
when they were fetched, so the file name (or the sidecar) does, to the second, one file per
scrape time (and per 1,000 items, `<time>-2.json` on). Every record of a file shares that time,
exactly as in the canonical dump. Canonical fields a shape has no place for are not written
(docs/native-dumps.md lists them). Each response carries an id of its own (etag, paging cursor,
search_id, log_id) derived from the seed and its path, so no two files have the same bytes: the
loader loads a file's content only once, whatever its name says.

Values are the canonical ones, in the shape's spelling: the TikTok `username` is the canonical
creator_id (the Research API gives videos no user id), a YouTube channel's customUrl is
`@<handle>`, IG media types are IMAGE / CAROUSEL_ALBUM / VIDEO (REELS for reels).

Each file's text is built by DuckDB (json_object, list aggregates, ordered); Python only writes
the finished texts, so a seed gives the same bytes. There are many small files (about 33,000 at
the demo's 300 creators), which ingestion reads one at a time: far slower to ingest than the
canonical dump of the same data.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

# Items per response file: more at one scrape time go to further pages.
ITEMS_PER_FILE = 1000
SIDECAR_ENDING = ".meta.json"  # as assets/ingestion/native_shapes.py reads it
# The top folders a native dump set writes to.
NATIVE_FOLDERS = ("youtube", "instagram_graph", "tiktok_research")


def _register_macros(connection: duckdb.DuckDBPyConnection, seed: int) -> None:
    macros = [
        # Where a response file of one scrape time goes: <folder>/<day>/<time>[-page].<ending>.
        "native_file(folder, epoch, page, ending) as folder || '/'"
        " || strftime(utc_timestamp(epoch), '%Y-%m-%d/%Y-%m-%dT%H%M%S')"
        " || case when page > 0 then '-' || (page + 1)::varchar else '' end || '.' || ending",
        # Which page of its scrape time's file an item is on.
        f"native_page(n) as (n - 1) // {ITEMS_PER_FILE}",
        # An opaque token of a response (etag, cursor, log id): unique per file, fixed by the seed.
        f"native_token(key, salt) as md5('{int(seed)}:native:' || salt || ':' || key)",
        # The Graph API's time format: 2026-05-01T10:00:00+0000.
        "ig_time(epoch) as strftime(utc_timestamp(epoch), '%Y-%m-%dT%H:%M:%S+0000')",
        # A TikTok id as the API gives it: a JSON number (digits only, within 64 bits), else text.
        "tiktok_id(id) as case when regexp_full_match(id, '[1-9][0-9]{0,18}') then id::json"
        " else to_json(id) end",
        # Absent keys instead of JSON nulls (a JSON merge patch drops null members, recursively).
        "without_nulls(value) as json_merge_patch('{}', value)",
    ]
    for macro in macros:
        connection.execute(f"create or replace macro {macro}")


# ---- posts -------------------------------------------------------------------------------------

# An Instagram Graph API edge page per file: its items under `data`, with paging cursors.
_GRAPH_API_PAGES = """
select path, json_object(
    'data', items,
    'paging', json_object('cursors', json_object(
        'before', native_token(path, 'before'), 'after', native_token(path, 'after'))))::varchar
from files order by path"""

_POST_PAGES = """
    select *, native_page(row_number() over (
               partition by scraped_at order by post_idx, snapshot_number)) as page
    from post_snapshots where platform = '{platform}'
"""

YOUTUBE_VIDEOS = f"""
with items as (
    select scraped_at, page, post_idx, snapshot_number, without_nulls(json_object(
        'kind', 'youtube#video',
        'id', post_id,
        'snippet', json_object(
            'publishedAt', iso_utc(posted_at),
            'channelId', creator_id,
            'description', caption,
            'channelTitle', creator_handle),
        'statistics', json_object(
            'viewCount', views::varchar,
            'likeCount', likes::varchar,
            'commentCount', comments::varchar),
        'paidProductPlacementDetails', case when is_sponsored is not null
            then json_object('hasPaidProductPlacement', is_sponsored) end)) as item
    from ({_POST_PAGES.format(platform="youtube")})
),
files as (
    select native_file('youtube/videos', scraped_at, page, 'json') as path,
           list(item order by post_idx, snapshot_number) as items
    from items group by scraped_at, page
)
select path, json_object(
    'kind', 'youtube#videoListResponse',
    'etag', native_token(path, 'etag'),
    'items', items,
    'pageInfo', json_object('totalResults', len(items), 'resultsPerPage', len(items)))::varchar
from files order by path
"""

INSTAGRAM_MEDIA = f"""
with items as (
    select scraped_at, page, post_idx, snapshot_number, without_nulls(json_object(
        'id', post_id,
        'caption', caption,
        'media_type', case media_type when 'photo' then 'IMAGE'
                                      when 'carousel' then 'CAROUSEL_ALBUM' else 'VIDEO' end,
        'media_product_type', case media_type when 'reel' then 'REELS' else 'FEED' end,
        'timestamp', ig_time(posted_at),
        'like_count', likes,
        'comments_count', comments,
        'permalink', url,
        'owner', json_object('id', creator_id),
        'username', creator_handle)) as item
    from ({_POST_PAGES.format(platform="instagram")})
),
files as (
    select native_file('instagram_graph/media', scraped_at, page, 'json') as path,
           list(item order by post_idx, snapshot_number) as items
    from items group by scraped_at, page
)
{_GRAPH_API_PAGES}
"""

TIKTOK_VIDEOS = f"""
with items as (
    select scraped_at, page, post_idx, snapshot_number, without_nulls(json_object(
        'id', tiktok_id(post_id),
        'username', creator_id,
        'create_time', posted_at,
        'video_description', caption,
        'hashtag_names', hashtags,
        'like_count', likes,
        'comment_count', comments,
        'share_count', shares,
        'view_count', views,
        'favorites_count', saves)) as item
    from ({_POST_PAGES.format(platform="tiktok")})
),
files as (
    select native_file('tiktok_research/videos', scraped_at, page, 'json') as path,
           list(item order by post_idx, snapshot_number) as items
    from items group by scraped_at, page
)
select path, json_object(
    'data', json_object(
        'videos', items, 'cursor', len(items), 'has_more', false,
        'search_id', native_token(path, 'search')),
    'error', json_object('code', 'ok', 'message', '', 'log_id', native_token(path, 'log')))::varchar
from files order by path
"""

# ---- comments ----------------------------------------------------------------------------------

# A post's comments share its last scrape time; a file holds the threads (top-level comments
# with their replies) of one scrape time, ITEMS_PER_FILE threads at most.
_THREAD_PAGES = """
    select *, native_page(row_number() over (
               partition by scraped_at order by post_idx, comment_key)) as page
    from {comments} where parent_key is null
"""

YOUTUBE_COMMENT_THREADS = f"""
with youtube_comments as (
    select c.*, creators.creator_id as channel_id
    from comments as c join creators using (creator_idx)
    where c.platform = 'youtube'
),
as_json as (
    select *, without_nulls(json_object(
        'kind', 'youtube#comment',
        'id', comment_id,
        'snippet', json_object(
            'channelId', channel_id,
            'videoId', post_id,
            'textDisplay', text,
            'parentId', parent_comment_id,
            'authorDisplayName', author_handle,
            'authorChannelId', json_object('value', author_id),
            'likeCount', likes,
            'publishedAt', iso_utc(created_at),
            'updatedAt', iso_utc(created_at)))) as item
    from youtube_comments
),
replies as (
    select parent_key, list(item order by comment_key) as replies
    from as_json where parent_key is not null group by parent_key
),
threads as (
    select t.scraped_at, t.page, t.post_idx, t.comment_key, without_nulls(json_object(
        'kind', 'youtube#commentThread',
        'id', t.comment_id,
        'snippet', json_object(
            'channelId', t.channel_id,
            'videoId', t.post_id,
            'topLevelComment', t.item,
            'canReply', true,
            'totalReplyCount', coalesce(len(r.replies), 0),
            'isPublic', true),
        'replies', case when r.replies is not null
            then json_object('comments', r.replies) end)) as item
    from ({_THREAD_PAGES.format(comments="as_json")}) as t
    left join replies as r on r.parent_key = t.comment_key
),
files as (
    select native_file('youtube/comment_threads', scraped_at, page, 'json') as path,
           list(item order by post_idx, comment_key) as items
    from threads group by scraped_at, page
)
select path, json_object(
    'kind', 'youtube#commentThreadListResponse',
    'etag', native_token(path, 'etag'),
    'pageInfo', json_object('totalResults', len(items), 'resultsPerPage', len(items)),
    'items', items)::varchar
from files order by path
"""

INSTAGRAM_COMMENTS = f"""
with as_json as (
    select *, without_nulls(json_object(
        'id', comment_id,
        'text', text,
        'timestamp', ig_time(created_at),
        'like_count', likes,
        'from', json_object('id', author_id, 'username', author_handle),
        -- A reply names its comment; the top-level comment names its media.
        'parent_id', parent_comment_id,
        'media', case when parent_key is null then json_object('id', post_id) end)) as item
    from comments where platform = 'instagram'
),
replies as (
    select parent_key, list(item order by comment_key) as replies
    from as_json where parent_key is not null group by parent_key
),
threads as (
    select t.scraped_at, t.page, t.post_idx, t.comment_key,
           case when r.replies is null then t.item
                else json_merge_patch(t.item, json_object('replies', json_object(
                    'data', r.replies))) end as item
    from ({_THREAD_PAGES.format(comments="as_json")}) as t
    left join replies as r on r.parent_key = t.comment_key
),
files as (
    select native_file('instagram_graph/comments', scraped_at, page, 'json') as path,
           list(item order by post_idx, comment_key) as items
    from threads group by scraped_at, page
)
{_GRAPH_API_PAGES}
"""

# TikTok's comment list is flat: a reply names its comment, a top-level comment its video.
TIKTOK_COMMENTS = """
with reply_counts as (
    select parent_key, count(*) as replies from comments
    where platform = 'tiktok' and parent_key is not null group by parent_key
),
items as (
    select c.scraped_at, c.post_idx, c.comment_key,
           native_page(row_number() over (
               partition by c.scraped_at order by c.post_idx, c.comment_key)) as page,
           without_nulls(json_object(
               'id', tiktok_id(c.comment_id),
               'video_id', tiktok_id(c.post_id),
               'text', c.text,
               'like_count', c.likes,
               'reply_count', coalesce(r.replies, 0),
               'parent_comment_id', tiktok_id(coalesce(c.parent_comment_id, c.post_id)),
               'create_time', c.created_at)) as item
    from comments as c left join reply_counts as r on r.parent_key = c.comment_key
    where c.platform = 'tiktok'
),
files as (
    select native_file('tiktok_research/comments', scraped_at, page, 'json') as path,
           list(item order by post_idx, comment_key) as items
    from items group by scraped_at, page
)
select path, json_object(
    'data', json_object('comments', items, 'cursor', len(items), 'has_more', false),
    'error', json_object('code', 'ok', 'message', '', 'log_id', native_token(path, 'log')))::varchar
from files order by path
"""

# ---- profiles ----------------------------------------------------------------------------------

YOUTUBE_CHANNELS = """
with items as (
    select scraped_at, creator_idx,
           native_page(row_number() over (partition by scraped_at order by creator_idx)) as page,
           without_nulls(json_object(
               'kind', 'youtube#channel',
               'id', creator_id,
               'snippet', json_object(
                   'title', handle,
                   'description', bio,
                   'customUrl', '@' || handle,
                   'country', country,
                   'defaultLanguage', language),
               'statistics', json_object(
                   'subscriberCount', followers::varchar,
                   'hiddenSubscriberCount', false,
                   'videoCount', media_count::varchar))) as item
    from profile_snapshots where platform = 'youtube'
),
files as (
    select native_file('youtube/channels', scraped_at, page, 'json') as path,
           list(item order by creator_idx) as items
    from items group by scraped_at, page
)
select path, json_object(
    'kind', 'youtube#channelListResponse',
    'etag', native_token(path, 'etag'),
    'pageInfo', json_object('totalResults', len(items), 'resultsPerPage', len(items)),
    'items', items)::varchar
from files order by path
"""

# One business_discovery response per line, the lookups of one scrape time in one file; the
# media edge is left empty (and given a cursor of its own, so each response is unique).
INSTAGRAM_BUSINESS_DISCOVERY = """
with lines as (
    select scraped_at, creator_idx,
           native_page(row_number() over (partition by scraped_at order by creator_idx)) as page,
           creator_id, without_nulls(json_object(
               'id', creator_id,
               'username', handle,
               'biography', bio,
               'followers_count', followers,
               'follows_count', following,
               'media_count', media_count)) as account
    from profile_snapshots where platform = 'instagram'
),
files as (
    select native_file('instagram_graph/business_discovery', scraped_at, page, 'jsonl') as path,
           list({'creator_idx': creator_idx, 'creator_id': creator_id, 'account': account}
                order by creator_idx) as accounts
    from lines group by scraped_at, page
)
select path, array_to_string(list_transform(accounts, lambda a: json_object(
    'business_discovery', json_merge_patch(a.account, json_object('media', json_object(
        'data', []::json[],
        'paging', json_object('cursors', json_object(
            'after', native_token(path || ':' || a.creator_id, 'after'))))))
    )::varchar), chr(10))
from files order by path
"""

# A user info response is named by its user (users/<day>/<creator_id>.json); the scrape time is
# in its sidecar.
_TIKTOK_USER_FILES = """
select *, 'tiktok_research/users/' || strftime(utc_timestamp(scraped_at), '%Y-%m-%d') || '/'
          || creator_id || '.json' as path
from profile_snapshots where platform = 'tiktok'
"""

TIKTOK_USERS = f"""
select path, json_object(
    'data', without_nulls(json_object(
        'display_name', handle,
        'bio_description', bio,
        'is_verified', is_verified,
        'follower_count', followers,
        'following_count', following,
        'video_count', media_count)),
    'error', json_object('code', 'ok', 'message', '', 'log_id', native_token(path, 'log')))::varchar
from ({_TIKTOK_USER_FILES})
order by path
"""

TIKTOK_USER_SIDECARS = f"""
select path || '{SIDECAR_ENDING}', json_object('scraped_at', iso_utc(scraped_at))::varchar
from ({_TIKTOK_USER_FILES})
order by path
"""

# What each canonical entity is written as, in order.
DOCUMENTS: dict[str, tuple[str, ...]] = {
    "posts": (YOUTUBE_VIDEOS, INSTAGRAM_MEDIA, TIKTOK_VIDEOS),
    "comments": (YOUTUBE_COMMENT_THREADS, INSTAGRAM_COMMENTS, TIKTOK_COMMENTS),
    "profiles": (YOUTUBE_CHANNELS, INSTAGRAM_BUSINESS_DISCOVERY, TIKTOK_USERS),
    "sidecars": (TIKTOK_USER_SIDECARS,),
}


def _write_documents(
    connection: duckdb.DuckDBPyConnection, sql: str, out_dir: Path, made: set[Path]
) -> list[Path]:
    """Write each (relative path, text) row the query gives; the texts are built by DuckDB."""
    written = []
    result = connection.execute(sql)
    while rows := result.fetchmany(2000):
        for relative, text in rows:
            path = out_dir / relative
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            path.write_text(text + "\n", encoding="utf-8")
            written.append(path)
    return written


def write_native(
    connection: duckdb.DuckDBPyConnection, out_dir: Path, seed: int
) -> dict[str, list[Path]]:
    """The native dump files per canonical entity they carry, and the sidecars."""
    _register_macros(connection, seed)
    made: set[Path] = set()
    files: dict[str, list[Path]] = {}
    for entity, queries in DOCUMENTS.items():
        files[entity] = [
            path for sql in queries for path in _write_documents(connection, sql, out_dir, made)
        ]
    return files
