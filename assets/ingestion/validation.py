"""Set-based validation of a batch of records against the contract, in DuckDB SQL.

`typed_records_sql(entity, records_sql)` turns a reader's records into one row per record with
every contract field typed (null when absent), a `reason` column (null for a valid record,
otherwise every problem found, joined with '; ') and a `reason_code` column (the first problem's
code, from assets/ingestion/reasons.py). Nothing here runs per row in Python: the SQL is
generated from the contract.

The readers give every field as its text (`<name>__text`) and JSON type (`<name>__json`),
whatever the file's format (assets/ingestion/field_texts.py), so one set of checks serves all;
the checks run in the statement that adds the records to the batch (readers.py), so the field
texts stream through them and are never stored.
The query works in steps, so each timestamp is parsed once: `extracted` adds, for timestamps, the
parsed instant (`<name>__instant`); `checked` derives the typed values and the list of problems,
each a {code, text} struct written by the same CASE branch, so a code always goes with its text;
the final select joins the texts and takes the first code. A record the reader could not split
into fields (not JSON, not an object, a rejected CSV row) keeps the reader's reason.
"""

from __future__ import annotations

from assets.ingestion.contract import Entity, Field, FieldType
from assets.ingestion.field_texts import json_type_column as _json_type
from assets.ingestion.field_texts import tags_column
from assets.ingestion.field_texts import text_column as _text
from assets.ingestion.reasons import code_sql

# Times outside this range are almost always a unit mistake (epoch milliseconds, year 0001).
EARLIEST_TIMESTAMP = "1970-01-01"
LATEST_TIMESTAMP = "2100-01-01"
# A timestamp later than the run's clock plus this much is from the future: a clock or parsing fault
# that would otherwise move as_of (the latest scraped_at) past every real record.
FUTURE_TOLERANCE = "interval 1 hour"
RUN_CLOCK = "(current_timestamp at time zone 'UTC')"
# No post has had a trillion views: a larger count is a fault (and sums of such counts overflow).
MAX_COUNT = 10**12
TRUE_WORDS = ("true", "t", "yes", "y", "1")
FALSE_WORDS = ("false", "f", "no", "n", "0")
INTEGER_PATTERN = "'[+-]?[0-9]+'"
# Whole numbers written as floats (4000.0), as pandas writes nullable integer columns.
WHOLE_NUMBER_PATTERN = "'[+-]?[0-9]+(\\.0*)?'"


def _instant(field: Field) -> str:
    return f"{field.name}__instant"


def instant_column(field: Field) -> str:
    """SQL for a timestamp field's instant, parsed once from its text."""
    return f"{_epoch_or_iso(_text(field))} as {_instant(field)}"


def _epoch_or_iso(text: str) -> str:
    """Integer epoch seconds, or an ISO 8601 string (naive = the session time zone, UTC)."""
    return f"""case
        when regexp_full_match({text}, {INTEGER_PATTERN})
            then try(to_timestamp(cast({text} as bigint)) at time zone 'UTC')
        else try(cast({text} as timestamptz) at time zone 'UTC')
    end"""


def _whole(text: str) -> str:
    """The integer part of a whole-number text ('4000.0' -> 4000), null when out of range."""
    return f"try_cast(split_part({text}, '.', 1) as bigint)"


def _in_range(instant: str) -> str:
    return (
        f"{instant} >= timestamp '{EARLIEST_TIMESTAMP}' "
        f"and {instant} < timestamp '{LATEST_TIMESTAMP}'"
    )


def typed_value(field: Field) -> str:
    """SQL for the field's typed value; null when absent or invalid (the reason says which)."""
    text, json_type = _text(field), _json_type(field)
    if field.type is FieldType.STRING:
        value = f"case when {json_type} not in ('OBJECT', 'ARRAY') then {text} end"
        return f"lower({value})" if field.name == "platform" else value
    if field.type is FieldType.INTEGER:
        return (
            f"case when regexp_full_match({text}, {WHOLE_NUMBER_PATTERN}) then {_whole(text)} end"
        )
    if field.type is FieldType.TIMESTAMP:
        return f"case when {_in_range(_instant(field))} then {_instant(field)} end"
    if field.type is FieldType.BOOLEAN:
        return f"""case when lower({text}) in {TRUE_WORDS} then true
            when lower({text}) in {FALSE_WORDS} then false end"""
    if field.type is FieldType.HASHTAGS:
        return _hashtags_value(field)
    raise ValueError(f"unknown field type {field.type}")


def _hashtags_value(field: Field) -> str:
    """An array is taken as it is, a string is split on spaces, and with neither the tags are
    parsed from the caption; all lower-cased without the leading '#', sorted, distinct."""
    json_type = _json_type(field)
    # A native shape names its own text field (native_shapes.py); the canonical one is caption.
    source = f"{getattr(field, 'tags_from', 'caption')}__text"
    from_caption = f"regexp_extract_all({source}, '#([\\p{{L}}\\p{{N}}_]+)', 1)"
    raw_tags = f"""case
            when {json_type} = 'ARRAY' then {tags_column(field)}
            when {json_type} = 'VARCHAR' then string_split_regex({_text(field)}, '\\s+')
            when {json_type} = 'NULL' or {json_type} is null then {from_caption}
        end"""
    return f"""list_sort(list_distinct(list_filter(
            list_transform({raw_tags}, lambda tag: lower(ltrim(trim(tag), '#'))),
            lambda tag: tag <> '')))"""


def _problem(code: str, text: str) -> str:
    """A problem as a {code, text} struct: the code is decided where the text is written."""
    return f"{{'code': {code_sql(code)}, 'text': {text}}}"


def problem(field: Field, clock: str = RUN_CLOCK) -> str:
    """SQL for the field's first breach of the contract as a {code, text} struct, else null
    (`clock`: the run's time, naive UTC, for timestamps from the future)."""
    text, json_type, name = _text(field), _json_type(field), field.name
    checks: list[tuple[str, str, str]] = []  # (condition, code, text)
    if field.required:
        checks.append((f"{text} is null", "missing_field", f"'{name}: required field is missing'"))
    if field.type is FieldType.STRING:
        checks.append(
            (f"{json_type} in ('OBJECT', 'ARRAY')", "not_a_string", f"'{name}: expected a string'")
        )
    elif field.type is FieldType.INTEGER:
        checks += [
            (
                f"{text} is not null and not regexp_full_match({text}, {WHOLE_NUMBER_PATTERN})",
                "not_an_integer",
                f"'{name}: expected an integer, got ' || left({text}, 40)",
            ),
            (
                f"{text} is not null and {_whole(text)} is null",
                "integer_out_of_range",
                f"'{name}: integer out of range'",
            ),
            (f"{_whole(text)} < 0", "negative_count", f"'{name}: negative count, got ' || {text}"),
            (
                f"{_whole(text)} > {MAX_COUNT}",
                "count_too_large",
                f"'{name}: count too large to be real (over {MAX_COUNT:,}), got ' "
                f"|| left({text}, 40)",
            ),
        ]
    elif field.type is FieldType.TIMESTAMP:
        checks += [
            (
                f"{text} is not null and {_instant(field)} is null",
                "invalid_timestamp",
                f"'{name}: unparsable timestamp, got ' || left({text}, 40)",
            ),
            (
                f"{text} is not null and not ({_in_range(_instant(field))})",
                "timestamp_out_of_range",
                f"'{name}: timestamp out of range [{EARLIEST_TIMESTAMP}, {LATEST_TIMESTAMP})'",
            ),
            (
                f"{_instant(field)} > {clock} + {FUTURE_TOLERANCE}",
                "future_timestamp",
                f"'{name}: in the future (after the run''s clock), got ' || left({text}, 40)",
            ),
        ]
    elif field.type is FieldType.BOOLEAN:
        checks.append(
            (
                f"{text} is not null and {typed_value(field)} is null",
                "not_a_boolean",
                f"'{name}: expected a boolean, got ' || left({text}, 40)",
            )
        )
    elif field.type is FieldType.HASHTAGS:
        checks.append(
            (
                f"{json_type} not in ('ARRAY', 'VARCHAR', 'NULL')",
                "invalid_hashtags",
                f"'{name}: expected an array of strings or a space-separated string'",
            )
        )
    branches = " ".join(f"when {when} then {_problem(code, say)}" for when, code, say in checks)
    return f"case {branches} end"


def typed_records_sql(
    entity: Entity, records_sql: str, clock: str = RUN_CLOCK, passthrough: tuple[str, ...] = ()
) -> str:
    """The records of `records_sql` (a reader's: source_file, source_line, source_row, raw_text,
    reader_error, reader_error_code and the field columns), one row each: source position, raw
    text, typed fields, `reason` (every problem, joined with '; ') and `reason_code` (the first
    problem's code; reasons.py lists them). `passthrough`: more columns of the records kept as
    they are (a native record's source_path)."""
    fields = list(entity.fields)
    for tags in (f for f in fields if f.type is FieldType.HASHTAGS):
        source = getattr(tags, "tags_from", "caption")
        assert any(f.name == source for f in fields), f"hashtags are parsed from {source}"
    kept = "".join(f"{name}, " for name in passthrough)
    instants = "".join(
        f",\n        {instant_column(f)}" for f in fields if f.type is FieldType.TIMESTAMP
    )
    typed_columns = ",\n    ".join(f"{typed_value(f)} as {f.name}" for f in fields)
    field_problems = ",\n        ".join(problem(f, clock) for f in fields)
    field_names = ", ".join(f.name for f in fields)
    return f"""
with extracted as (
    select *{instants}
    from ({records_sql}) as records
),
checked as (
    select source_file, source_line, source_row, raw_text, reader_error, reader_error_code,
        {kept}{typed_columns},
        list_filter([
            {field_problems}
        ], lambda found: found is not null) as problems
    from extracted
)
select
    source_file, source_line, source_row, raw_text, {kept}{field_names},
    case
        when reader_error is not null then reader_error
        else nullif(array_to_string(list_transform(problems, lambda found: found.text), '; '), '')
    end as reason,
    case
        when reader_error is not null then reader_error_code
        else problems[1].code
    end as reason_code
from checked
"""
