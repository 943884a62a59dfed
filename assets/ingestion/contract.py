"""The input contract: which fields each dump entity has, their types and which are required.

This is the single source of truth used to validate records, to create the raw tables and to
document the contract (docs/input-contract.md mirrors it; a test keeps the two in step).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class FieldType(Enum):
    STRING = "string"
    INTEGER = "integer"  # a non-negative count or follower number
    TIMESTAMP = "timestamp"  # ISO 8601 (Z, offset, or naive = UTC) or integer epoch seconds
    BOOLEAN = "boolean"
    HASHTAGS = "hashtags"  # JSON array of strings, or a space-separated string (CSV)


@dataclass(frozen=True)
class Field:
    name: str
    type: FieldType
    required: bool = False


@dataclass(frozen=True)
class Entity:
    """One kind of dump record (a folder of the dumps directory)."""

    name: str
    fields: tuple[Field, ...]
    # The fields that identify one snapshot: the same key seen twice is loaded once.
    snapshot_key: tuple[str, ...]

    @property
    def folder(self) -> str:
        return self.name

    @property
    def raw_table(self) -> str:
        return f"raw.{self.name}"


S, INT, T, B, H = (
    FieldType.STRING,
    FieldType.INTEGER,
    FieldType.TIMESTAMP,
    FieldType.BOOLEAN,
    FieldType.HASHTAGS,
)

POSTS = Entity(
    name="posts",
    fields=(
        Field("platform", S, required=True),
        Field("post_id", S, required=True),
        Field("creator_id", S, required=True),
        Field("creator_handle", S),
        Field("creator_followers", INT),
        Field("posted_at", T, required=True),
        Field("scraped_at", T, required=True),
        Field("caption", S),
        Field("hashtags", H),
        Field("media_type", S),
        Field("likes", INT),
        Field("comments", INT),
        Field("shares", INT),
        Field("saves", INT),
        Field("views", INT),
        Field("is_sponsored", B),
        Field("url", S),
    ),
    snapshot_key=("platform", "post_id", "scraped_at"),
)

COMMENTS = Entity(
    name="comments",
    fields=(
        Field("platform", S, required=True),
        Field("comment_id", S, required=True),
        Field("post_id", S, required=True),
        Field("author_id", S, required=True),
        Field("author_handle", S),
        Field("text", S),
        Field("created_at", T, required=True),
        Field("scraped_at", T),
        Field("parent_comment_id", S),
        Field("likes", INT),
    ),
    snapshot_key=("platform", "comment_id", "scraped_at"),
)

PROFILES = Entity(
    name="profiles",
    fields=(
        Field("platform", S, required=True),
        Field("creator_id", S, required=True),
        Field("handle", S),
        Field("followers", INT, required=True),
        Field("following", INT),
        Field("media_count", INT),
        Field("bio", S),
        Field("category", S),
        Field("country", S),
        Field("language", S),
        Field("is_verified", B),
        Field("scraped_at", T, required=True),
    ),
    snapshot_key=("platform", "creator_id", "scraped_at"),
)

ENTITIES: dict[str, Entity] = {entity.name: entity for entity in (POSTS, COMMENTS, PROFILES)}

# File name endings the readers understand, mapped to the reader that handles them.
FILE_FORMATS: dict[str, str] = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jsonl.gz": "jsonl",
    ".ndjson.gz": "jsonl",
    ".csv": "csv",
    ".csv.gz": "csv",
    ".parquet": "parquet",
}
