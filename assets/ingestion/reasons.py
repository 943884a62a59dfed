"""Every reason a record can be quarantined for, as a stable code with its meaning in plain words.

`raw.quarantine.reason_code` holds one of these codes (the record's first problem) next to
`reason`, the full text naming every problem with the offending value. The code is chosen in the
same SQL that writes the text, so nothing ever has to parse the kind back out of the text.

The SQL builders only spell a code through `code_sql`, which refuses a code missing here: a new
kind of problem cannot reach the table without a meaning (docs/input-contract.md lists the same
codes; tests/test_ingest_reasons.py keeps the three in step and drives every code).
"""

from __future__ import annotations

REASON_CODES: dict[str, str] = {
    # The file's reader (CSV only: JSON lines and Parquet have no per-row shape to break).
    "missing_columns": "a CSV row has fewer fields than the header",
    "too_many_columns": "a CSV row has more fields than the header",
    "misplaced_quote": 'a CSV value has more text after its closing quote, as in "abc"def',
    "unterminated_quote": (
        "a quoted CSV value opens on this line and is not closed on it; everything after it "
        "would have been read into that one value, so the line is quarantined and the lines "
        "after it are read as records of their own"
    ),
    "malformed_csv_row": "DuckDB's CSV reader rejected the row otherwise (the text says why)",
    # The record as a whole.
    "invalid_json": "the line is not valid JSON (often a truncated line)",
    "not_an_object": "the line is valid JSON but not an object, e.g. an array or a string",
    "api_error": "a platform-native file holds an API error response (the text gives its message)",
    # One field (the text names the field and the value).
    "missing_field": "a required field is absent, null or blank",
    "not_a_string": "a text field holds an object or an array",
    "not_an_integer": 'a count is not a whole number, e.g. 12.5 or "many"',
    "integer_out_of_range": "a count does not fit a 64-bit integer",
    "negative_count": "a count is below zero",
    "count_too_large": "a count is over a trillion: no post has that many, it is a fault",
    "invalid_timestamp": "a timestamp is neither ISO 8601 nor epoch seconds",
    "timestamp_out_of_range": "a timestamp is before 1970 or from 2100 on (epoch milliseconds)",
    "future_timestamp": "a timestamp is more than an hour after the run's clock",
    "not_a_boolean": "a flag is not true/false, t/f, yes/no, y/n or 1/0",
    "invalid_hashtags": "hashtags are neither an array of strings nor a space-separated string",
    # The snapshot key (platform, id, scraped_at) was seen before.
    "duplicate_in_run": "the same snapshot appears earlier in this run's files (loaded once)",
    "already_loaded": "the same snapshot was loaded by an earlier run",
}

# Quarantined as repeats, not as bad data: the quarantine gate does not count them against a file.
DUPLICATE_CODES = ("duplicate_in_run", "already_loaded")


def code_sql(code: str) -> str:
    """The code as a SQL string literal. Raises for a code not listed above, when the SQL is
    built: so every code a query can write to raw.quarantine has a documented meaning."""
    if code not in REASON_CODES:
        raise KeyError(f"reason code {code!r} is not listed in assets/ingestion/reasons.py")
    return f"'{code}'"
