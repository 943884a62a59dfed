"""The user's own reference files: a rate card and a niche taxonomy (CSV), loaded as raw tables.

They are small, hand-written files that change what the marts say about every creator, so they are
all or nothing: a file with any bad row is refused whole (the run stops before dbt, exit 2 on the
CLI) with every bad row named by its number and reason; nothing half-applied reaches the marts.
Without a file the table is left empty and the dbt seeds apply alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.project_vars import follower_bands

# The bands are defined once, as dbt vars (dbt_project.yml).
FOLLOWER_BANDS = tuple(band.name for band in follower_bands())
NICHE_MATCH_ON = ("hashtag", "keyword")
MAX_REPORTED_ROWS = 10


class ReferenceFileError(Exception):
    """A reference file is missing, unreadable or has a bad row; the message names each one."""


@dataclass(frozen=True)
class ReferenceFile:
    """One kind of reference file: its raw table, columns and the rules each row must follow."""

    name: str
    table: str
    required: tuple[str, ...]
    optional: dict[str, str]  # column -> default when the file lacks it ('' = null)
    # (SQL condition that makes a row bad, reason); columns are the file's text values, trimmed.
    row_rules: tuple[tuple[str, str], ...]
    # SQL select over `rows` giving the typed table (lineage columns added by the loader).
    typed_select: str
    # SQL expressions that, together, may appear only once, and how to name that key to a person.
    unique_key: tuple[str, ...]
    unique_label: str

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + tuple(self.optional)


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join("'" + value.replace("'", "''") + "'" for value in values)
    return f"{column} in ({quoted})"


RATE_CARD = ReferenceFile(
    name="rate card",
    table="raw.user_rate_card",
    required=("platform", "cost_per_post"),
    optional={"creator_id": "", "follower_band": "", "currency": "USD"},
    row_rules=(
        ("platform is null", "platform is empty"),
        (
            "(creator_id is null) = (follower_band is null)",
            "give either creator_id (one creator's price) or follower_band (a band's), not both "
            "and not neither",
        ),
        (
            f"follower_band is not null and not {_in('follower_band', FOLLOWER_BANDS)}",
            f"follower_band is not one of {', '.join(FOLLOWER_BANDS)}",
        ),
        (
            "try_cast(cost_per_post as double) is null or try_cast(cost_per_post as double) < 0",
            "cost_per_post is not a number >= 0",
        ),
        ("not regexp_full_match(currency, '[A-Z]{3}')", "currency is not a 3-letter code like USD"),
    ),
    typed_select="""
        select lower(platform) as platform, creator_id, follower_band,
               cast(cost_per_post as double) as cost_per_post, currency, source_row
        from rows
    """,
    unique_key=("lower(platform)", "coalesce(creator_id, '')", "coalesce(follower_band, '')"),
    unique_label="platform and creator_id (or follower_band)",
)

NICHE_TAXONOMY = ReferenceFile(
    name="niche taxonomy",
    table="raw.user_niche_taxonomy",
    required=("niche", "match_on", "term"),
    optional={"language": "any"},
    row_rules=(
        ("niche is null", "niche is empty"),
        (
            f"match_on is null or not {_in('lower(match_on)', NICHE_MATCH_ON)}",
            f"match_on is not one of {', '.join(NICHE_MATCH_ON)}",
        ),
        ("term is null", "term is empty"),
        (
            "lower(match_on) = 'hashtag' and regexp_matches(ltrim(term, '#'), '\\s')",
            "a hashtag term must not contain spaces",
        ),
    ),
    typed_select="""
        select lower(niche) as niche, lower(match_on) as match_on,
               lower(ltrim(term, '#')) as term, lower(language) as language, source_row
        from rows
    """,
    unique_key=("lower(match_on)", "lower(ltrim(term, '#'))"),
    unique_label="match_on and term (one term, one niche)",
)

REFERENCE_FILES = {"rate_card": RATE_CARD, "niche_taxonomy": NICHE_TAXONOMY}

LINEAGE_DDL = "_source_file varchar, _source_row bigint, _loaded_at timestamp"


def ensure_reference_tables(connection: duckdb.DuckDBPyConnection) -> None:
    """Create every reference table (empty) if missing, so the dbt sources always exist."""
    connection.execute("create schema if not exists raw")
    connection.execute(
        "create table if not exists raw.user_rate_card (platform varchar, creator_id varchar, "
        f"follower_band varchar, cost_per_post double, currency varchar, {LINEAGE_DDL})"
    )
    connection.execute(
        "create table if not exists raw.user_niche_taxonomy (niche varchar, match_on varchar, "
        f"term varchar, language varchar, {LINEAGE_DDL})"
    )


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _read_rows(connection: duckdb.DuckDBPyConnection, kind: ReferenceFile, path: Path) -> None:
    """The file's rows as text in temp table `rows`, trimmed, empty = null, numbered from 1."""
    if not path.is_file():
        raise ReferenceFileError(f"{kind.name} {path}: no such file")
    try:
        header = connection.execute(
            f"select * from read_csv({_quote(str(path))}, header = true, all_varchar = true, "
            "auto_detect = true) limit 0"
        ).description
    except duckdb.Error as error:
        first_line = str(error).strip().splitlines()[0]
        raise ReferenceFileError(f"{kind.name} {path}: not a readable CSV: {first_line}") from error
    present = {column[0].strip().lower(): column[0] for column in header}
    missing = [column for column in kind.required if column not in present]
    if missing:
        raise ReferenceFileError(
            f"{kind.name} {path}: missing column(s) {', '.join(missing)} "
            f"(expected {', '.join(kind.columns)}; found {', '.join(present) or 'none'})"
        )
    selected = []
    for column in kind.columns:
        if column in present:
            selected.append(f"nullif(trim(\"{present[column]}\"), '') as {column}")
        else:
            default = kind.optional[column]
            selected.append(f"{_quote(default) if default else 'null'}::varchar as {column}")
    for column, default in kind.optional.items():
        if default and column in present:
            selected[kind.columns.index(column)] = (
                f"coalesce(nullif(trim(\"{present[column]}\"), ''), {_quote(default)}) as {column}"
            )
    connection.execute(
        "create or replace temp table rows as "
        f"select row_number() over () as source_row, {', '.join(selected)} "
        f"from read_csv({_quote(str(path))}, header = true, all_varchar = true, auto_detect = true)"
    )


def _problems(connection: duckdb.DuckDBPyConnection, kind: ReferenceFile) -> list[str]:
    checks = [
        f"select source_row, {_quote(reason)} as reason from rows where {condition}"
        for condition, reason in kind.row_rules
    ]
    key = ", ".join(kind.unique_key)
    checks.append(
        f"select source_row, {_quote('the same ' + kind.unique_label + ' as row ')} || first_row "
        f"from (select source_row, min(source_row) over (partition by {key}) as first_row "
        "from rows) where source_row <> first_row"
    )
    found = connection.execute(
        f"select source_row, reason from ({' union all '.join(checks)}) order by source_row, reason"
    ).fetchall()
    return [f"row {row}: {reason}" for row, reason in found]


def load_reference_file(
    connection: duckdb.DuckDBPyConnection, kind: ReferenceFile, path: Path | None
) -> int:
    """Replace kind's raw table with the rows of `path` (empty when path is None); the rows
    loaded. Raises ReferenceFileError, leaving the table untouched, when any row is bad."""
    ensure_reference_tables(connection)
    if path is None:
        connection.execute(f"delete from {kind.table}")
        return 0
    _read_rows(connection, kind, path)
    problems = _problems(connection, kind)
    if problems:
        shown = "; ".join(problems[:MAX_REPORTED_ROWS])
        more = len(problems) - MAX_REPORTED_ROWS
        suffix = f"; and {more} more" if more > 0 else ""
        raise ReferenceFileError(
            f"{kind.name} {path}: {len(problems)} bad row(s), nothing loaded "
            f"(rows count from 1 after the header): {shown}{suffix}"
        )
    connection.execute("begin")
    try:
        connection.execute(f"delete from {kind.table}")
        connection.execute(
            f"insert into {kind.table} select typed.* exclude (source_row), "
            f"{_quote(str(path))}, typed.source_row, current_timestamp::timestamp "
            f"from ({kind.typed_select}) as typed"
        )
        connection.execute("commit")
    except Exception:
        connection.execute("rollback")
        raise
    return connection.execute(f"select count(*) from {kind.table}").fetchall()[0][0]


def check_reference_file(kind: ReferenceFile, path: Path) -> None:
    """Validate a reference file without touching any warehouse (the CLI's early check)."""
    with duckdb.connect() as connection:
        _read_rows(connection, kind, path)
        problems = _problems(connection, kind)
    if problems:
        shown = "; ".join(problems[:MAX_REPORTED_ROWS])
        raise ReferenceFileError(f"{kind.name} {path}: {len(problems)} bad row(s): {shown}")
