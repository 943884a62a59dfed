"""Macros that turn a fan, bot or spammer number into a platform-style account id and handle.

Bots and spammers share one id range: bot keys are below 500000, spammer keys from 500000 on.

Ids are unique by construction (the number is part of the id), so no two accounts collide and
the same number always gives the same id and handle, wherever it is drawn.
"""

from __future__ import annotations

import duckdb


def register_account_macros(connection: duckdb.DuckDBPyConnection, seed: int) -> None:
    macros = [
        """fan_id(platform, fan_key) as case platform
            when 'instagram' then (100000000000 + fan_key * 37 + rand_int(fan_key, 'fan', 0, 36))
            when 'tiktok' then (7000000000000000000 + fan_key * 1000000
                                + rand_int(fan_key, 'fan', 0, 1000000 - 1))
        end::varchar""",
        """fan_handle(fan_key) as rand_pick(words_fan_names(), fan_key, 'fan_name')
            || rand_pick(words_fan_suffixes(), fan_key, 'fan_suffix')
            || (rand_int(fan_key, 'fan_digits', 0, 10000 - 1))::varchar""",
        """bot_id(platform, bot_key) as case platform
            when 'instagram' then (500000000000 + bot_key * 37 + rand_int(bot_key, 'bot', 0, 36))
            when 'tiktok' then (7100000000000000000 + bot_key * 1000000
                                + rand_int(bot_key, 'bot', 0, 1000000 - 1))
        end::varchar""",
        # Farms run some accounts under stolen or made-up real-looking names.
        """bot_handle(bot_key) as case
            when rand_uniform(bot_key, 'bot_handle_style') < 0.4
                then fan_handle(900000000 + bot_key)
            else rand_pick(words_bot_handle_prefixes(), bot_key, 'bot_prefix')
                || '_' || (rand_int(bot_key, 'bot_digits', 0, 1000000 - 1))::varchar end""",
        """spammer_handle(spammer_key) as
            rand_pick(words_spammer_handle_prefixes(), spammer_key, 'spammer_prefix')
            || case when rand_uniform(spammer_key, 'spammer_style') < 0.5 then '.' else '_' end
            || rand_pick(words_fan_names(), spammer_key, 'spammer_name')
            || (rand_int(spammer_key, 'spammer_digits', 0, 1000 - 1))::varchar""",
    ]
    for macro in macros:
        connection.execute(f"create or replace macro {macro}")
    # YouTube channel ids: 'UC' + 22 characters (hex here); md5 makes collisions negligible.
    connection.execute(
        f"""
        create or replace macro account_id(platform, kind, key) as case
            when platform = 'youtube' then 'UC' || left(md5('{seed}:' || kind || ':' || key), 22)
            when kind = 'fan' then fan_id(platform, key)
            else bot_id(platform, key)
        end
        """
    )
