"""Running a Great Expectations suite on every row of a DuckDB table.

Great Expectations 1.x has no DuckDB data source that works here (shared STACK_NOTES), so rows
reach it as pandas frames: the table is streamed in chunks of ~500k rows holding only the columns
the suite reads, each chunk is validated, and the outcomes are added up. Memory stays bounded by
the chunk whatever the table's size, and every row is checked (no sampling).

The schema contract (a served table has exactly its documented columns) is validated once per
table, on a frame of its column names. Given the rows a release already validated with the same
suite (`validated_before`), a suite of row-local rules (expectations.ROW_LOCAL_EXPECTATIONS) is
run on the other rows only: DuckDB finds them (an anti join over the columns the suite reads), and
a row equal to one that passed, in every column a rule reads, passes again. Every chunk's
validation result is written as JSON under <warehouse>/quality/great_expectations/<run id>/
<table>.json, for people to open.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import threading
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from orchestration.expectations import Rule, Suite

# DuckDB hands results over in vectors of 2,048 rows: 245 vectors are ~500k rows per chunk.
CHUNK_VECTORS = 245
# Failing rows kept per rule (their key columns and the value found), over all chunks.
FAILING_ROWS_KEPT = 5
# Runs whose validation results stay under quality/great_expectations.
KEPT_RESULT_RUNS = 20


@dataclass
class ExpectationOutcome:
    expectation: str
    column: str
    why: str
    success: bool = True
    rows_checked: int = 0
    unexpected_count: int = 0
    observed: str = ""
    failing_rows: list = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.expectation}({self.column})"


@dataclass
class TableValidation:
    table: str
    rows: int  # rows validated this time
    outcomes: list[ExpectationOutcome]
    results_file: Path | None
    # Rows not validated again: equal to rows of `unchanged_since` that passed the same suite.
    rows_unchanged: int = 0
    unchanged_since: str = ""

    @property
    def failed(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success]


def schema_rule(documented_columns: list[str]) -> Rule:
    return Rule(
        "ExpectTableColumnsToMatchSet",
        {"column_set": sorted(documented_columns), "exact_match": True},
        "a served table has exactly its documented columns",
    )


def validate_relation(
    connection: duckdb.DuckDBPyConnection,
    relation: str,
    table: str,
    suite: Suite,
    documented_columns: list[str],
    results_dir: Path | None = None,
    validated_before: tuple[str, str] | None = None,
) -> TableValidation:
    """Validate every row of `relation` (a table or view on `connection`) against `suite`, and
    its columns against `documented_columns`. `validated_before`: (relation, label) of rows that
    passed this same suite (a release's copy of the table); for a row-local suite, the rows equal
    to them are not validated again, and the outcomes say so."""
    contract = schema_rule(documented_columns)
    all_columns = connection.execute(f"select * from {relation} limit 0").df()
    contract_result = _validate(table, all_columns, [contract], key_columns=[])
    outcomes = [_outcome(contract, contract_result.results[0])]
    chunk_results = [contract_result.to_json_dict()]

    present = set(all_columns.columns)
    runnable = [rule for rule in suite.rules if set(rule.columns) <= present]
    # A rule whose column is missing fails the contract above; it is reported, not crashed on.
    outcomes += [
        ExpectationOutcome(
            rule.expectation,
            _column_label(rule),
            rule.why,
            success=False,
            observed="column missing",
        )
        for rule in suite.rules
        if rule not in runnable
    ]
    rule_outcomes = [_outcome(rule, None) for rule in runnable]
    keys = [c for c in suite.key_columns if c in present]
    columns = list(dict.fromkeys([*keys, *(c for rule in runnable for c in rule.columns)]))
    rows = 0
    rows_unchanged, unchanged_since = 0, ""
    if runnable:
        selected = f"select {', '.join(_q(c) for c in columns)} from {relation}"
        changed = _changed_rows(connection, selected, columns, suite, validated_before)
        if changed is not None:
            selected, unchanged_since = changed, validated_before[1]
            total = connection.execute(f"select count(*) from {relation}").fetchall()[0][0]
        _freeze_long_lived_objects()  # Great Expectations is loaded by now (the contract above)
        result = connection.execute(selected)
        while not (chunk := result.fetch_df_chunk(CHUNK_VECTORS)).empty:
            rows += len(chunk)
            validation = _validate(table, chunk, runnable, keys)
            chunk_results.append(validation.to_json_dict())
            for outcome, item in zip(rule_outcomes, validation.results, strict=True):
                _add_chunk(outcome, item)
            # Great Expectations' result objects hold the chunk's frame in reference cycles: without
            # a collection per chunk, memory grew ~85 MB per 500k rows (4 GB at 22.5M comments).
            del chunk, validation
            gc.collect()
        if unchanged_since:
            rows_unchanged = total - rows
    else:
        rows = connection.execute(f"select count(*) from {relation}").fetchall()[0][0]
    unchanged_note = (
        f" (changed rows; {rows_unchanged:,} unchanged rows passed in {unchanged_since})"
        if unchanged_since
        else ""
    )
    for outcome in rule_outcomes:
        outcome.observed = (
            f"{outcome.unexpected_count:,} of {outcome.rows_checked:,} rows unexpected"
            + unchanged_note
        )
    outcomes += rule_outcomes
    results_file = _write_results(
        results_dir, table, rows, chunk_results, rows_unchanged, unchanged_since
    )
    return TableValidation(table, rows, outcomes, results_file, rows_unchanged, unchanged_since)


def _freeze_long_lived_objects() -> None:
    """Once per process, before the first validation: collect, then freeze what survived
    (modules, Dagster's definitions, dbt's manifest: alive until the process ends), so that the
    collection after each chunk walks only the objects made since. Unfrozen, each one walked them
    all: 0.35 s a time, 5 s of a tiny run on a slow day."""
    if not gc.get_freeze_count():
        gc.collect()
        gc.freeze()


def _changed_rows(
    connection: duckdb.DuckDBPyConnection,
    selected: str,
    columns: list[str],
    suite: Suite,
    validated_before: tuple[str, str] | None,
) -> str | None:
    """The query of the rows of `selected` not among those validated before, or None when every
    row must be validated: no earlier rows, a suite that is not row-local, or earlier rows that
    lack a column or cannot be compared (a type changed)."""
    if validated_before is None or not suite.is_row_local:
        return None
    before = f"select {', '.join(_q(c) for c in columns)} from {validated_before[0]}"
    # An anti join on every column (nulls equal), not `except all`: a row equal to a validated one
    # is skipped however often it repeats (it passes the same rules), and at 4.5M comments this
    # takes 2.4 s instead of 7.1 s (docs/performance.md).
    equal = " and ".join(f"new.{_q(c)} is not distinct from validated.{_q(c)}" for c in columns)
    query = f"select new.* from ({selected}) as new anti join ({before}) as validated on {equal}"
    try:
        connection.execute(f"select * from ({query}) limit 0")
    except duckdb.Error:
        return None
    return query


def _q(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def _column_label(rule: Rule) -> str:
    arguments = rule.arguments
    if "column_A" in arguments:
        return f"{arguments['column_A']} >= {arguments['column_B']}"
    if "column_set" in arguments:
        return "columns"
    label = arguments.get("column", "")
    if "row_condition" in arguments:
        label += f" where {arguments['row_condition']}"
    return label


def _outcome(rule: Rule, item) -> ExpectationOutcome:
    outcome = ExpectationOutcome(rule.expectation, _column_label(rule), rule.why)
    if item is not None:  # a table-level expectation: one result, an observed value
        outcome.success = bool(item.success)
        observed = item.result.get("observed_value")
        details = item.result.get("details") or {}
        mismatched = details.get("mismatched")
        outcome.observed = json.dumps(mismatched, default=str) if mismatched else str(observed)
    return outcome


def _add_chunk(outcome: ExpectationOutcome, item) -> None:
    result = item.result
    outcome.success = outcome.success and bool(item.success)
    outcome.rows_checked += int(result.get("element_count") or 0)
    outcome.unexpected_count += int(result.get("unexpected_count") or 0)
    room = FAILING_ROWS_KEPT - len(outcome.failing_rows)
    if room > 0:
        rows = result.get("partial_unexpected_index_list") or result.get("partial_unexpected_list")
        outcome.failing_rows += [_plain(row) for row in (rows or [])[:room]]


def _plain(value):
    """A failing row as JSON-ready values (timestamps and numpy scalars become text/numbers)."""
    return json.loads(json.dumps(value, default=str))


# Importing Great Expectations and making its context takes ~3 s. The dbt step, which mostly waits
# for dbt's own process, starts this in a thread (prepare_in_background) so the checks after it
# find it done; the lock makes a check that comes early wait for that one context.
_CONTEXT_LOCK = threading.Lock()


def prepare_in_background() -> threading.Thread:
    thread = threading.Thread(target=_context, name="great-expectations-import", daemon=True)
    thread.start()
    return thread


def _context():
    with _CONTEXT_LOCK:
        return _new_context()


@cache
def _new_context():
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx  # imported here: it costs seconds
    from great_expectations.data_context.types.base import ProgressBarsConfig
    from great_expectations.execution_engine import pandas_execution_engine

    # GE fingerprints every pandas batch smaller than this many bytes (pandas' hash of every row
    # and column) for its batch markers, which bignoise never reads: half the time of validating
    # fct_comments (docs/performance.md). No setting turns it off; a threshold of 0 does, and
    # tests/test_quality.py fails if an upgrade brings the hashing back.
    pandas_execution_engine.HASH_THRESHOLD = 0

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


@cache
def _batch_definition(table: str):
    return (
        _context()
        .data_sources.add_pandas(f"bignoise_{table}")
        .add_dataframe_asset(table)
        .add_batch_definition_whole_dataframe("whole_table")
    )


def _validate(table: str, frame: pd.DataFrame, rules: list[Rule], key_columns: list[str]):
    import great_expectations as gx

    suite = gx.ExpectationSuite(
        name=f"{table}_served",
        expectations=[getattr(gx.expectations, r.expectation)(**r.arguments) for r in rules],
    )
    result_format = {"result_format": "SUMMARY", "partial_unexpected_count": FAILING_ROWS_KEPT}
    if key_columns:
        result_format["unexpected_index_column_names"] = key_columns
    batch = _batch_definition(table).get_batch(batch_parameters={"dataframe": frame})
    return batch.validate(suite, result_format=result_format)


def _write_results(
    results_dir: Path | None,
    table: str,
    rows: int,
    chunk_results: list[dict],
    rows_unchanged: int = 0,
    unchanged_since: str = "",
) -> Path | None:
    if results_dir is None:
        return None
    results_dir.mkdir(parents=True, exist_ok=True)
    path = results_dir / f"{table}.json"
    document = {"table": table, "rows_validated": rows, "validations": chunk_results}
    if unchanged_since:
        document |= {"rows_unchanged": rows_unchanged, "unchanged_rows_passed_in": unchanged_since}
    path.write_text(json.dumps(document, indent=1, default=str) + "\n")
    _prune_result_runs(results_dir.parent)
    return path


def _prune_result_runs(runs_dir: Path) -> None:
    runs = sorted(
        (p for p in runs_dir.iterdir() if p.is_dir()), key=lambda path: path.stat().st_mtime
    )
    for old in runs[:-KEPT_RESULT_RUNS]:
        shutil.rmtree(old, ignore_errors=True)
