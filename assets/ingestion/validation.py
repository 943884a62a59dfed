"""Set-based validation of a batch of records against the contract, in DuckDB SQL.

`typed_records_sql(entity)` turns the batch table into one row per record with every contract
field typed (null when absent) and a `reason` column: null for a valid record, otherwise every
problem found, joined with '; '. Nothing here runs per row in Python: the SQL is generated once
per entity from the contract.
"""

from __future__ import annotations

from assets.ingestion.contract import Entity, Field, FieldType
from assets.ingestion.readers import BATCH_TABLE

# Times outside this range are almost always a unit mistake (epoch milliseconds, year 0001).
EARLIEST_TIMESTAMP = "1970-01-01"
LATEST_TIMESTAMP = "2100-01-01"
TRUE_WORDS = ("true", "t", "yes", "y", "1")
FALSE_WORDS = ("false", "f", "no", "n", "0")


def _path(field: Field) -> str:
    return f"'$.\"{field.name}\"'"


def _text(field: Field) -> str:
    """The field as text; JSON null, a missing key and an empty string all read as null."""
    return f"nullif(trim(json_extract_string(doc, {_path(field)})), '')"


def _json_type(field: Field) -> str:
    return f"json_type(doc, {_path(field)})"


def _epoch_or_iso(text: str) -> str:
    return f"""case
        when regexp_full_match({text}, '[+-]?[0-9]+')
            then try(to_timestamp(cast({text} as bigint)) at time zone 'UTC')
        else try(cast({text} as timestamptz) at time zone 'UTC')
    end"""


def typed_value(field: Field) -> str:
    """SQL for the field's typed value; null when absent or invalid (the reason says which)."""
    text = _text(field)
    if field.type is FieldType.STRING:
        value = f"case when {_json_type(field)} not in ('OBJECT', 'ARRAY') then {text} end"
        return f"lower({value})" if field.name == "platform" else value
    if field.type is FieldType.INTEGER:
        return f"""case when regexp_full_match({text}, '[+-]?[0-9]+')
            then try_cast({text} as bigint) end"""
    if field.type is FieldType.TIMESTAMP:
        parsed = _epoch_or_iso(text)
        return f"""case when {parsed} >= timestamp '{EARLIEST_TIMESTAMP}'
            and {parsed} < timestamp '{LATEST_TIMESTAMP}' then {parsed} end"""
    if field.type is FieldType.BOOLEAN:
        return f"""case when lower({text}) in {TRUE_WORDS} then true
            when lower({text}) in {FALSE_WORDS} then false end"""
    if field.type is FieldType.HASHTAGS:
        return _hashtags_value(field)
    raise ValueError(f"unknown field type {field.type}")


def _hashtags_value(field: Field) -> str:
    """An array is taken as it is, a string is split on spaces, and with neither the tags are
    parsed from the caption; all lower-cased without the leading '#'."""
    from_array = f"from_json(json_extract(doc, {_path(field)}), '[\"VARCHAR\"]')"
    from_string = f"string_split_regex({_text(field)}, '\\s+')"
    from_caption = (
        "regexp_extract_all(json_extract_string(doc, '$.\"caption\"'), '#([\\p{L}\\p{N}_]+)', 1)"
    )
    raw_tags = f"""case {_json_type(field)}
            when 'ARRAY' then {from_array}
            when 'VARCHAR' then {from_string}
            when 'NULL' then {from_caption}
            else case when {_json_type(field)} is null then {from_caption} end
        end"""
    return f"""list_sort(list_distinct(list_filter(
            list_transform({raw_tags}, lambda tag: lower(ltrim(trim(tag), '#'))),
            lambda tag: tag <> '')))"""


def problem(field: Field) -> str:
    """SQL for a reason string when the field breaks the contract, else null."""
    text, name = _text(field), field.name
    checks: list[str] = []
    if field.required:
        checks.append(f"when {text} is null then '{name}: required field is missing'")
    if field.type is FieldType.STRING:
        checks.append(
            f"when {_json_type(field)} in ('OBJECT', 'ARRAY') then '{name}: expected a string'"
        )
    elif field.type is FieldType.INTEGER:
        checks += [
            f"when {text} is not null and not regexp_full_match({text}, '[+-]?[0-9]+') "
            f"then '{name}: expected an integer, got ' || left({text}, 40)",
            f"when {text} is not null and try_cast({text} as bigint) is null "
            f"then '{name}: integer out of range'",
            f"when try_cast({text} as bigint) < 0 then '{name}: negative count, got ' || {text}",
        ]
    elif field.type is FieldType.TIMESTAMP:
        checks += [
            f"when {text} is not null and {_epoch_or_iso(text)} is null "
            f"then '{name}: unparsable timestamp, got ' || left({text}, 40)",
            f"when {text} is not null and {typed_value(field)} is null "
            f"then '{name}: timestamp out of range [{EARLIEST_TIMESTAMP}, {LATEST_TIMESTAMP})'",
        ]
    elif field.type is FieldType.BOOLEAN:
        checks.append(
            f"when {text} is not null and {typed_value(field)} is null "
            f"then '{name}: expected a boolean, got ' || left({text}, 40)"
        )
    elif field.type is FieldType.HASHTAGS:
        checks.append(
            f"when {_json_type(field)} not in ('ARRAY', 'VARCHAR', 'NULL') "
            f"then '{name}: expected an array of strings or a space-separated string'"
        )
    return "case " + " ".join(checks) + " end"


def typed_records_sql(entity: Entity) -> str:
    """One row per batch record: source position, raw text, typed fields and `reason`."""
    typed_columns = ",\n    ".join(f"{typed_value(f)} as {f.name}" for f in entity.fields)
    field_problems = ", ".join(problem(f) for f in entity.fields)
    return f"""
with documents as (
    select source_file, source_line, raw_text, reader_error,
           case when reader_error is null and json_valid(raw_text) then raw_text::json end as doc
    from {BATCH_TABLE}
)
select
    source_file, source_line, raw_text,
    {typed_columns},
    case
        when reader_error is not null then reader_error
        when doc is null then 'not valid JSON'
        when json_type(doc) <> 'OBJECT' then 'not a JSON object'
        else nullif(concat_ws('; ', {field_problems}), '')
    end as reason
from documents
"""
