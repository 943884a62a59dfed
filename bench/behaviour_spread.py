"""How far one day of comments reaches into the behaviour signals (docs/performance.md, issue 8).

A comment's behaviour reasons (int_comments_behaviour_signals) depend on every comment of its
author, on the other authors repeating its text, and on the reverse commenting pairs of creators.
An exact incremental recomputation after a day of new comments must therefore take the authors of
that day, then everyone one step out (authors repeating one of their repeated texts, post creators
they commented on as authors), then one step further. This prints the share of all comments each
step covers, read-only, on a built warehouse:

    .venv/bin/python -m bench.behaviour_spread --warehouse DIR [--memory-limit 4GB]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import duckdb

from orchestration.settings import WORK_DATABASE_IN_WAREHOUSE

# Texts an author wrote at least twice with at least this many letters and digits: the ones a farm
# rule can count. Above the project's farm_text_min_letters (16), so the shares are a lower bound.
MIN_LETTERS = 20


def _authors_one_step_out(name: str, authors: str) -> str:
    """CTEs `<name>_texts` and `<name>`: `authors`, the authors repeating one of their repeated
    texts, and the post creators they commented on (as authors)."""
    return f"""
{name}_texts as (
    select comments.platform, comments.text_letters
    from comments inner join {authors} using (platform, author_id)
    where length(comments.text_letters) >= {MIN_LETTERS}
    group by comments.platform, comments.author_id, comments.text_letters having count(*) >= 2
),
{name} as (
    select platform, author_id from {authors}
    union select comments.platform, comments.author_id
    from comments inner join {name}_texts using (platform, text_letters)
    union select distinct comments.platform, comments.post_creator_id
    from comments inner join {authors} using (platform, author_id)
)"""


SPREAD_SQL = f"""
with comments as (
    select flagged.platform, flagged.author_id, flagged.post_creator_id, flagged.created_at,
           latest.text_letters
    from intermediate.int_comments_flagged as flagged
    inner join intermediate.int_comments_latest_loaded as latest using (comment_key)
    where not flagged.is_by_creator and flagged.author_id is not null
),
last_day as (select max(created_at) - interval 1 day as since from comments),
day_authors as (
    select distinct platform, author_id from comments, last_day where created_at > since
),
{_authors_one_step_out("one_step", "day_authors")},
{_authors_one_step_out("two_steps", "one_step")}
select
    (select count(*) from comments) as comments,
    (select count(*) from comments, last_day where created_at > since) as last_day_comments,
    (select count(*) from day_authors) as last_day_authors,
    (select count(*) from comments inner join day_authors using (platform, author_id))
        as comments_of_last_day_authors,
    (select count(*) from comments inner join one_step using (platform, author_id))
        as comments_one_step_out,
    (select count(*) from comments inner join two_steps using (platform, author_id))
        as comments_two_steps_out
"""


def spread(warehouse: Path, memory_limit: str) -> dict[str, float]:
    database = warehouse / WORK_DATABASE_IN_WAREHOUSE
    with duckdb.connect(str(database), read_only=True) as connection:
        connection.execute(f"set memory_limit = '{memory_limit}'")
        cursor = connection.execute(SPREAD_SQL)
        names = [column[0] for column in cursor.description]
        figures = dict(zip(names, cursor.fetchone(), strict=True))
    for name in ("comments_of_last_day_authors", "comments_one_step_out", "comments_two_steps_out"):
        figures[f"{name}_share"] = round(figures[name] / figures["comments"], 3)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--memory-limit", default="4GB")
    args = parser.parse_args()
    print(json.dumps(spread(args.warehouse, args.memory_limit), indent=2))


if __name__ == "__main__":
    main()
