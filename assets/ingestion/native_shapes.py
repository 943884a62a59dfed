"""Platform-native dump shapes: API responses and scraper items, read as they come.

Each `NativeEntity` is one kind of record found in one folder of the dumps directory (e.g. the
videos of `youtube/videos/` responses) and lands in a raw table of its own, `raw.<name>`, with
the shape's own field names (flattened: `snippet.channelId` -> `snippet__channel_id`), checked
and typed by the same contract checks as the canonical dumps (validation.py). The dbt staging
model `stg_<name>` only renames and casts them into the canonical columns; docs/native-dumps.md
says which canonical field each shape gives.

Where a record is found in a document (a `.json` file's one response, or a `.jsonl` line):
- `items`: the JSON path of the document's items. An array there gives its elements, an object
  gives itself; a document that is itself an array (an Apify export) gives its elements; and a
  document without that path (an item per `.jsonl` line) is the one item.
- `nested`: paths inside each item to the records themselves (a thread's top-level comment and
  its replies); `$` is the item itself. Without them each item is a record.
- A field's `path` says where its value is: `item.<path>` in the record, `outer.<path>` in the
  item holding it (null for a record that is the item itself), `document.<path>`, `file.stem`
  (the file name without its endings: TikTok users and IG comments are named by their file) or
  `file.scraped_at` (the scrape time from a sidecar, the file name or its mtime: files.py).
  Several paths separated by ` | ` are tried in order.
A document with an `error` object (and, for TikTok, an error code other than "ok") is one
quarantined record carrying the error's message.
"""

from __future__ import annotations

from dataclasses import dataclass

from assets.ingestion.contract import Entity, Field, FieldType

S, INT, T, B, H = (
    FieldType.STRING,
    FieldType.INTEGER,
    FieldType.TIMESTAMP,
    FieldType.BOOLEAN,
    FieldType.HASHTAGS,
)


@dataclass(frozen=True)
class NativeField(Field):
    path: str = ""
    # For hashtags: the field whose text they are parsed from when the record gives none.
    tags_from: str = "caption"


def F(name: str, type_: FieldType, path: str, required: bool = False, **kw) -> NativeField:
    return NativeField(name, type_, required, path, **kw)


# A field no record of the shape gives: hashtags then come from the text named by tags_from.
NO_PATH = ""
SCRAPED_AT = F("scraped_at", T, "file.scraped_at", required=True)


@dataclass(frozen=True)
class NativeEntity(Entity):
    folder_path: str = ""
    platform: str = ""
    # The canonical entity its staging model feeds: posts, comments or profiles.
    feeds: str = ""
    items: str = "$"
    nested: tuple[str, ...] = ()
    scraped_at_in_record: bool = False
    description: str = ""

    @property
    def folder(self) -> str:
        return self.folder_path


def _entity(name, folder, platform, feeds, fields, key, description, **kw) -> NativeEntity:
    return NativeEntity(
        name=name,
        fields=tuple(fields),
        snapshot_key=key,
        folder_path=folder,
        platform=platform,
        feeds=feeds,
        description=description,
        **kw,
    )


YOUTUBE_COMMENT_FIELDS = (
    F("id", S, "item.id", required=True),
    # comments.list replies may not name their video: stg_youtube__comments finds it through the
    # thread (snippet.parentId). A thread's comments always have it.
    F("snippet__video_id", S, "item.snippet.videoId | outer.snippet.videoId"),
    F("snippet__parent_id", S, "item.snippet.parentId"),
    F("snippet__author_channel_id", S, "item.snippet.authorChannelId.value", required=True),
    F("snippet__author_display_name", S, "item.snippet.authorDisplayName"),
    F("snippet__text_original", S, "item.snippet.textOriginal | item.snippet.textDisplay"),
    F("snippet__published_at", T, "item.snippet.publishedAt", required=True),
    F("snippet__like_count", INT, "item.snippet.likeCount"),
    SCRAPED_AT,
)

# In a thread every comment names its video (its own snippet or the thread's): required there.
YOUTUBE_THREAD_FIELDS = tuple(
    F(f.name, f.type, f.path, required=True) if f.name == "snippet__video_id" else f
    for f in YOUTUBE_COMMENT_FIELDS
)

IG_COMMENT_FIELDS = (
    F("id", S, "item.id", required=True),
    F("media__id", S, "item.media.id | outer.media.id | file.stem", required=True),
    F("parent_id", S, "item.parent_id | outer.id"),
    F("from__id", S, "item.from.id | item.username", required=True),
    F("from__username", S, "item.from.username | item.username"),
    F("text", S, "item.text"),
    F("timestamp", T, "item.timestamp", required=True),
    F("like_count", INT, "item.like_count"),
    SCRAPED_AT,
)

# owner{id} is given only to the media's owner; business_discovery media are their account's
# (outer.id), and otherwise the username names the creator (a gap: docs/native-dumps.md).
IG_MEDIA_FIELDS = (
    F("id", S, "item.id", required=True),
    F("owner__id", S, "outer.id | item.owner.id | item.username", required=True),
    F("username", S, "item.username | outer.username"),
    F("caption", S, "item.caption"),
    F("hashtags", H, NO_PATH),
    F("media_type", S, "item.media_type"),
    F("media_product_type", S, "item.media_product_type"),
    F("timestamp", T, "item.timestamp", required=True),
    F("like_count", INT, "item.like_count"),
    F("comments_count", INT, "item.comments_count"),
    F("permalink", S, "item.permalink"),
    SCRAPED_AT,
)

NATIVE_ENTITIES_LIST: tuple[NativeEntity, ...] = (
    # ---- YouTube Data API v3 ----
    _entity(
        "youtube__videos",
        "youtube/videos",
        "youtube",
        "posts",
        (
            F("id", S, "item.id", required=True),
            F("snippet__channel_id", S, "item.snippet.channelId", required=True),
            F("snippet__channel_title", S, "item.snippet.channelTitle"),
            F("snippet__published_at", T, "item.snippet.publishedAt", required=True),
            F("snippet__title", S, "item.snippet.title"),
            F("snippet__description", S, "item.snippet.description"),
            F("hashtags", H, NO_PATH, tags_from="snippet__description"),
            F("statistics__view_count", INT, "item.statistics.viewCount"),
            F("statistics__like_count", INT, "item.statistics.likeCount"),
            F("statistics__comment_count", INT, "item.statistics.commentCount"),
            F(
                "paid_product_placement_details__has_paid_product_placement",
                B,
                "item.paidProductPlacementDetails.hasPaidProductPlacement",
            ),
            SCRAPED_AT,
        ),
        ("id", "scraped_at"),
        "videos.list responses: one snapshot per video (counts arrive as JSON strings).",
        items="$.items",
    ),
    _entity(
        "youtube__comment_threads",
        "youtube/comment_threads",
        "youtube",
        "comments",
        YOUTUBE_THREAD_FIELDS,
        ("id", "scraped_at"),
        "commentThreads.list responses: each thread's top-level comment and its replies.",
        items="$.items",
        nested=("$.snippet.topLevelComment", "$.replies.comments"),
    ),
    _entity(
        "youtube__comments",
        "youtube/comments",
        "youtube",
        "comments",
        YOUTUBE_COMMENT_FIELDS,
        ("id", "scraped_at"),
        "comments.list responses: replies, each naming its thread in snippet.parentId.",
        items="$.items",
    ),
    _entity(
        "youtube__channels",
        "youtube/channels",
        "youtube",
        "profiles",
        (
            F("id", S, "item.id", required=True),
            F("snippet__title", S, "item.snippet.title"),
            F("snippet__custom_url", S, "item.snippet.customUrl"),
            F("snippet__description", S, "item.snippet.description"),
            F("snippet__country", S, "item.snippet.country"),
            F("snippet__default_language", S, "item.snippet.defaultLanguage"),
            F("statistics__subscriber_count", INT, "item.statistics.subscriberCount"),
            F("statistics__hidden_subscriber_count", B, "item.statistics.hiddenSubscriberCount"),
            F("statistics__video_count", INT, "item.statistics.videoCount"),
            SCRAPED_AT,
        ),
        ("id", "scraped_at"),
        "channels.list responses: subscribers (rounded by YouTube; hidden = unknown).",
        items="$.items",
    ),
    # ---- Instagram Graph API ----
    _entity(
        "instagram_graph__media",
        "instagram_graph/media",
        "instagram",
        "posts",
        IG_MEDIA_FIELDS,
        ("id", "scraped_at"),
        "The IG User media edge: data[] of IG Media (like_count absent when likes are hidden).",
        items="$.data",
    ),
    _entity(
        "instagram_graph__comments",
        "instagram_graph/comments",
        "instagram",
        "comments",
        IG_COMMENT_FIELDS,
        ("id", "scraped_at"),
        "The IG Media comments edge: data[] of IG Comment and their replies{data[]}.",
        items="$.data",
        nested=("$", "$.replies.data"),
    ),
    _entity(
        "instagram_graph__business_discovery",
        "instagram_graph/business_discovery",
        "instagram",
        "profiles",
        (
            F("id", S, "item.id | item.username", required=True),
            F("username", S, "item.username"),
            F("name", S, "item.name"),
            F("biography", S, "item.biography"),
            F("followers_count", INT, "item.followers_count"),
            F("follows_count", INT, "item.follows_count"),
            F("media_count", INT, "item.media_count"),
            SCRAPED_AT,
        ),
        ("id", "scraped_at"),
        "business_discovery responses: the account looked up.",
        items="$.business_discovery",
    ),
    _entity(
        "instagram_graph__business_discovery_media",
        "instagram_graph/business_discovery",
        "instagram",
        "posts",
        IG_MEDIA_FIELDS,
        ("id", "scraped_at"),
        "business_discovery responses: the media{data[]} of the account looked up.",
        items="$.business_discovery",
        nested=("$.media.data",),
    ),
    # ---- TikTok Research API ----
    _entity(
        "tiktok_research__videos",
        "tiktok_research/videos",
        "tiktok",
        "posts",
        (
            F("id", S, "item.id", required=True),
            F("username", S, "item.username", required=True),
            F("create_time", T, "item.create_time", required=True),
            F("video_description", S, "item.video_description"),
            F("hashtag_names", H, "item.hashtag_names", tags_from="video_description"),
            F("like_count", INT, "item.like_count"),
            F("comment_count", INT, "item.comment_count"),
            F("share_count", INT, "item.share_count"),
            F("view_count", INT, "item.view_count"),
            F("favorites_count", INT, "item.favorites_count | item.favourites_count"),
            SCRAPED_AT,
        ),
        ("id", "scraped_at"),
        "Video query responses: data.videos[] (ids are 64-bit numbers, kept exact as text).",
        items="$.data.videos",
    ),
    _entity(
        "tiktok_research__comments",
        "tiktok_research/comments",
        "tiktok",
        "comments",
        (
            F("id", S, "item.id", required=True),
            F("video_id", S, "item.video_id", required=True),
            F("parent_comment_id", S, "item.parent_comment_id"),
            F("text", S, "item.text"),
            F("create_time", T, "item.create_time", required=True),
            F("like_count", INT, "item.like_count"),
            F("reply_count", INT, "item.reply_count"),
            SCRAPED_AT,
        ),
        ("id", "scraped_at"),
        "Video comment list responses: data.comments[] (no author is given).",
        items="$.data.comments",
    ),
    _entity(
        "tiktok_research__users",
        "tiktok_research/users",
        "tiktok",
        "profiles",
        (
            F("username", S, "file.stem", required=True),
            F("display_name", S, "item.display_name"),
            F("bio_description", S, "item.bio_description"),
            F("is_verified", B, "item.is_verified"),
            F("follower_count", INT, "item.follower_count"),
            F("following_count", INT, "item.following_count"),
            F("video_count", INT, "item.video_count"),
            SCRAPED_AT,
        ),
        ("username", "scraped_at"),
        "User info responses: data, for the user the file is named by (users/<username>.json).",
        items="$.data",
    ),
    # ---- Apify scrapers ----
    _entity(
        "apify__instagram_posts",
        "apify/instagram_posts",
        "instagram",
        "posts",
        (
            F("short_code", S, "item.shortCode", required=True),
            F("id", S, "item.id"),
            F("owner_id", S, "item.ownerId | item.ownerUsername", required=True),
            F("owner_username", S, "item.ownerUsername"),
            F("caption", S, "item.caption"),
            F("hashtags", H, "item.hashtags"),
            F("type", S, "item.type"),
            F("timestamp", T, "item.timestamp", required=True),
            F("likes_count", INT, "item.likesCount"),
            F("comments_count", INT, "item.commentsCount"),
            F("video_view_count", INT, "item.videoViewCount | item.videoPlayCount"),
            F("is_sponsored", B, "item.isSponsored"),
            F("url", S, "item.url"),
            SCRAPED_AT,
        ),
        ("short_code", "scraped_at"),
        "Apify Instagram scraper post items (a post is named by its shortCode, as in its URL).",
    ),
    _entity(
        "apify__instagram_comments",
        "apify/instagram_comments",
        "instagram",
        "comments",
        (
            F("id", S, "item.id", required=True),
            F("post_url", S, "item.postUrl | outer.postUrl", required=True),
            F("parent_id", S, "outer.id"),
            F("owner_id", S, "item.owner.id | item.ownerUsername", required=True),
            F("owner_username", S, "item.ownerUsername | item.owner.username"),
            F("text", S, "item.text"),
            F("timestamp", T, "item.timestamp", required=True),
            F("likes_count", INT, "item.likesCount"),
            SCRAPED_AT,
        ),
        ("id", "scraped_at"),
        "Apify Instagram comment items and their replies[].",
        nested=("$", "$.replies"),
    ),
    _entity(
        "apify__instagram_profiles",
        "apify/instagram_profiles",
        "instagram",
        "profiles",
        (
            F("id", S, "item.id | item.username", required=True),
            F("username", S, "item.username"),
            F("full_name", S, "item.fullName"),
            F("biography", S, "item.biography"),
            F("followers_count", INT, "item.followersCount"),
            F("follows_count", INT, "item.followsCount"),
            F("posts_count", INT, "item.postsCount"),
            F("verified", B, "item.verified"),
            F("business_category_name", S, "item.businessCategoryName"),
            SCRAPED_AT,
        ),
        ("id", "scraped_at"),
        "Apify Instagram profile items.",
    ),
    _entity(
        "apify__tiktok_videos",
        "apify/tiktok_videos",
        "tiktok",
        "posts",
        (
            F("id", S, "item.id", required=True),
            F("author_meta__name", S, "item.authorMeta.name", required=True),
            F("author_meta__fans", INT, "item.authorMeta.fans"),
            F("text", S, "item.text"),
            F("hashtags", H, "item.hashtags[*].name", tags_from="text"),
            F("create_time", T, "item.createTimeISO | item.createTime", required=True),
            F("digg_count", INT, "item.diggCount"),
            F("comment_count", INT, "item.commentCount"),
            F("share_count", INT, "item.shareCount"),
            F("collect_count", INT, "item.collectCount"),
            F("play_count", INT, "item.playCount"),
            F("is_sponsored", B, "item.isSponsored | item.isAd"),
            F("web_video_url", S, "item.webVideoUrl"),
            SCRAPED_AT,
        ),
        ("id", "scraped_at"),
        "Apify TikTok scraper video items (the creator is named by authorMeta.name).",
    ),
    _entity(
        "apify__tiktok_comments",
        "apify/tiktok_comments",
        "tiktok",
        "comments",
        (
            F("cid", S, "item.cid", required=True),
            F("video_id_or_url", S, "item.awemeId | item.videoWebUrl", required=True),
            F("replies_to_id", S, "item.repliesToId"),
            F("unique_id", S, "item.uniqueId | item.uid", required=True),
            F("text", S, "item.text"),
            F("create_time", T, "item.createTimeISO | item.createTime", required=True),
            F("digg_count", INT, "item.diggCount"),
            SCRAPED_AT,
        ),
        ("cid", "scraped_at"),
        "Apify TikTok comment items (the video is named by awemeId, else its URL).",
    ),
    # ---- yt-dlp -j --write-comments ----
    _entity(
        "ytdlp__videos",
        "ytdlp",
        "youtube",
        "posts",
        (
            F("id", S, "item.id", required=True),
            F("channel_id", S, "item.channel_id", required=True),
            F("channel", S, "item.channel | item.uploader"),
            F("channel_follower_count", INT, "item.channel_follower_count"),
            F("timestamp", T, "item.timestamp | item.release_timestamp", required=True),
            F("title", S, "item.title"),
            F("description", S, "item.description"),
            F("hashtags", H, NO_PATH, tags_from="description"),
            F("view_count", INT, "item.view_count"),
            F("like_count", INT, "item.like_count"),
            F("comment_count", INT, "item.comment_count"),
            F("webpage_url", S, "item.webpage_url"),
            F("scraped_at", T, "item.epoch", required=True),
        ),
        ("id", "scraped_at"),
        "yt-dlp info dicts, one video per line (epoch = when it was scraped).",
        scraped_at_in_record=True,
    ),
    _entity(
        "ytdlp__comments",
        "ytdlp",
        "youtube",
        "comments",
        (
            F("id", S, "item.id", required=True),
            F("video_id", S, "outer.id", required=True),
            F("parent", S, "item.parent"),
            F("author_id", S, "item.author_id", required=True),
            F("author", S, "item.author"),
            F("text", S, "item.text"),
            F("timestamp", T, "item.timestamp", required=True),
            F("like_count", INT, "item.like_count"),
            F("scraped_at", T, "outer.epoch", required=True),
        ),
        ("id", "scraped_at"),
        "The comments[] of yt-dlp info dicts (--write-comments).",
        items="$",
        nested=("$.comments",),
        scraped_at_in_record=True,
    ),
)

# The one Dagster asset that loads every native shape (assets/native.py).
NATIVE_ASSET_NAME = "native_dumps"
NATIVE_ENTITIES: dict[str, NativeEntity] = {e.name: e for e in NATIVE_ENTITIES_LIST}
# The top folders of the dumps directory that hold native shapes.
NATIVE_TOP_FOLDERS = tuple(sorted({e.folder_path.split("/")[0] for e in NATIVE_ENTITIES_LIST}))

# File endings of native dumps: a `.json` file is one document (a response, or an array of
# items), a `.jsonl` file one document per line.
NATIVE_FILE_FORMATS: dict[str, str] = {
    ".json": "json",
    ".json.gz": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jsonl.gz": "jsonl",
    ".ndjson.gz": "jsonl",
}


def native_stem(path) -> str:
    """The file's name without its dump ending: users/juno.dances.json names juno.dances."""
    name = path.name
    for ending in sorted(NATIVE_FILE_FORMATS, key=len, reverse=True):
        if name.lower().endswith(ending):
            return name[: -len(ending)]
    return name


# `<file>.meta.json` beside a dump file says when it was scraped; it is not a dump itself.
SIDECAR_ENDING = ".meta.json"
