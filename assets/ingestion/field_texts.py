"""Each contract field of a record as the checks read it, whatever the file's format.

A reader gives the checks (validation.py), per field, its text (`<name>__text`: trimmed, an
empty or blank string read as null) and its JSON type (`<name>__json`: the type name json_type
gives the value as it would be written in JSON; null for a null value and when the record has no
such field), and for hashtags the array's elements (`<name>__tags`). The checks need no more:
a text field must not be an OBJECT or ARRAY, hashtags must be an ARRAY or VARCHAR, and every
other check reads the text, which also names the offending value in the reason.

JSON lines get them from the parsed document (`from_json_document`); Parquet and CSV straight
from their columns (`from_columns`), so their records are never written out as JSON text and
parsed back. For a column the text is exactly what `to_json(column) ->> '$'` gives: a column type
with a cheaper spelling of the same text uses it (a string is its own text, a whole number or a
timestamp its cast to VARCHAR); any other type goes through to_json of that one value.
"""

from __future__ import annotations

import json

from assets.ingestion.contract import Entity, Field, FieldType

# Column types whose value cast to VARCHAR is the text to_json gives it (a test compares the two),
# with the JSON type of a non-null value: a date or time is written as a JSON string. (json_type
# says UBIGINT for a positive number; only OBJECT, ARRAY, VARCHAR and NULL matter to the checks.)
CAST_TO_TEXT = {
    "VARCHAR": "VARCHAR",
    **dict.fromkeys(("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT"), "BIGINT"),
    **dict.fromkeys(("UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT"), "BIGINT"),
    "BOOLEAN": "BOOLEAN",
    **dict.fromkeys(("DATE", "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS"), "VARCHAR"),
    **dict.fromkeys(("TIMESTAMP_NS", "TIMESTAMP WITH TIME ZONE"), "VARCHAR"),
}


def text_column(field: Field) -> str:
    return f"{field.name}__text"


def json_type_column(field: Field) -> str:
    return f"{field.name}__json"


def tags_column(field: Field) -> str:
    return f"{field.name}__tags"


def quote_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _blank_as_null(text: str) -> str:
    return f"nullif(trim({text}), '')"


def _tags_of_json(value: str) -> str:
    return f"""case when json_type({value}) = 'ARRAY' then from_json({value}, '["VARCHAR"]') end"""


def _field_columns(field: Field, text: str, json_type: str, tags: str) -> list[str]:
    columns = [f"{text} as {text_column(field)}", f"{json_type} as {json_type_column(field)}"]
    if field.type is FieldType.HASHTAGS:
        columns.append(f"{tags} as {tags_column(field)}")
    return columns


def fields_spec(entity: Entity) -> str:
    """json_transform's structure: every contract field, kept as its own JSON value."""
    return json.dumps({field.name: "JSON" for field in entity.fields})


def from_json_document(entity: Entity, fields: str) -> list[str]:
    """Select expressions for every field, from `fields`, the struct of the document's contract
    fields as JSON values (one json_transform per record: a path lookup per field would parse
    the whole document again each time). JSON null and a missing key both read as null text
    and null JSON type (json_transform makes JSON null a SQL null)."""
    columns = []
    for field in entity.fields:
        value = f"{fields}.{quote_name(field.name)}"
        text = _blank_as_null(f"{value} ->> '$'")
        columns += _field_columns(field, text, f"json_type({value})", _tags_of_json(value))
    return columns


def from_columns(entity: Entity, column_types: dict[str, str], table: str) -> list[str]:
    """Select expressions for every field, from the columns of `table` (name -> DuckDB type, as
    `describe` gives them). A field is the column of exactly its name (JSON keys are case
    sensitive, and the JSON path never matched `Platform` to `platform` either); a field
    without a column is absent: null text and null JSON type."""
    columns = []
    for field in entity.fields:
        if field.name not in column_types:
            columns += _field_columns(field, "null::varchar", "null::varchar", "null::varchar[]")
            continue
        value = f"{table}.{quote_name(field.name)}"
        text, json_type, tags = _column_pieces(value, column_types[field.name])
        columns += _field_columns(field, _blank_as_null(text), json_type, tags)
    return columns


def _column_pieces(value: str, column_type: str) -> tuple[str, str, str]:
    """(text, JSON type, tags) of one typed column's value, as SQL; a null value has neither
    text nor type, as JSON null has none once json_transform has read it."""
    if column_type in CAST_TO_TEXT:
        json_type = f"case when {value} is not null then '{CAST_TO_TEXT[column_type]}' end"
        return f"cast({value} as varchar)", json_type, "null::varchar[]"
    as_json = f"to_json({value})"
    # A list of strings is its own array of tags; its text is only read by reasons.
    tags = value if column_type == "VARCHAR[]" else _tags_of_json(as_json)
    return f"{as_json} ->> '$'", f"json_type({as_json})", tags
