"""Macros formatting epoch seconds in the several ways the input contract accepts.

All of them name the same instant: `Z`, an explicit offset (the wall clock shifted to match), or
naive (read as UTC). Epoch seconds are written as plain integers where a file uses them.
"""

from __future__ import annotations

import duckdb


def register_timestamp_macros(connection: duckdb.DuckDBPyConnection) -> None:
    macros = [
        "utc_timestamp(epoch) as make_timestamp(epoch * 1000000)",
        "iso_utc(epoch) as strftime(utc_timestamp(epoch), '%Y-%m-%dT%H:%M:%SZ')",
        "iso_naive(epoch) as strftime(utc_timestamp(epoch), '%Y-%m-%dT%H:%M:%S')",
        "iso_offset(epoch, minutes) as "
        "strftime(utc_timestamp(epoch + minutes * 60), '%Y-%m-%dT%H:%M:%S')"
        " || case when minutes < 0 then '-' else '+' end"
        " || lpad((abs(minutes) // 60)::varchar, 2, '0') || ':'"
        " || lpad((abs(minutes) % 60)::varchar, 2, '0')",
        # Mostly Z, a fifth with the +02:00 a European scraper would log, a tenth naive.
        "iso_mixed(epoch, key) as case"
        " when rand_uniform(key, 'timestamp_style') < 0.7 then iso_utc(epoch)"
        " when rand_uniform(key, 'timestamp_style') < 0.9 then iso_offset(epoch, 120)"
        " else iso_naive(epoch) end",
        "year_month(epoch) as strftime(utc_timestamp(epoch), '%Y-%m')",
    ]
    for macro in macros:
        connection.execute(f"create or replace macro {macro}")
