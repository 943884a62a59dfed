"""Connections to the working database, configured the same way everywhere."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from orchestration.settings import BignoiseSettings


@contextmanager
def working_connection(settings: BignoiseSettings) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the working database (creating its folder) and always close it: dbt runs in another
    process and cannot open the file while any connection here is left open."""
    settings.work_database.parent.mkdir(parents=True, exist_ok=True)
    connection = duckdb.connect(
        str(settings.work_database),
        config={
            "memory_limit": settings.duckdb_memory_limit,
            "threads": settings.duckdb_threads,
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        },
    )
    try:
        # Naive timestamps in the dumps mean UTC (set after connecting: ICU loads on first use).
        connection.execute("set TimeZone = 'UTC'")
        yield connection
    finally:
        connection.close()
