"""Deterministic pseudo-random numbers as DuckDB macros, so bulk rows are drawn in SQL.

Every draw is `hash(hash(seed, key, salt))`: the same (seed, key, salt) always gives the same
number, whatever the thread count or row order, and a different salt gives an independent draw.
"""

from __future__ import annotations

import duckdb

_TWO_POW_53 = 9_007_199_254_740_992


def register_random_macros(connection: duckdb.DuckDBPyConnection, seed: int) -> None:
    macros = [
        # Uniform in [0, 1): the top 53 bits of a 64-bit hash, exact in a double. DuckDB combines
        # the hashes of several arguments weakly (two salts of one key correlated at -0.5), so
        # the combined hash is hashed once more.
        f"rand_uniform(key, salt) as (hash(hash({int(seed)}, key, salt)) >> 11) / {_TWO_POW_53}.0",
        "rand_between(key, salt, low, high) as low + (high - low) * rand_uniform(key, salt)",
        "rand_int(key, salt, low, high) as "
        "(low + floor((high - low + 1) * rand_uniform(key, salt)))::bigint",
        # Box-Muller: 1 - u keeps the logarithm finite.
        "rand_normal(key, salt) as sqrt(-2 * ln(1 - rand_uniform(key, salt || ':radius')))"
        " * cos(2 * pi() * rand_uniform(key, salt || ':angle'))",
        "rand_lognormal(key, salt, mu, sigma) as exp(mu + sigma * rand_normal(key, salt))",
        "rand_pick(items, key, salt) as "
        "items[1 + floor(rand_uniform(key, salt) * len(items))::integer]",
    ]
    for macro in macros:
        connection.execute(f"create or replace macro {macro}")
