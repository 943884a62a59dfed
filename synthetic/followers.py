"""Follower counts over time: organic growth, a genuine viral rise, and bought followers.

A creator's organic followers grow linearly back from `followers_end` (the value at end_date)
and, for a viral creator, rise by `viral_gain` in the days after the viral post. Bought
followers come on top as a list of purchases, each delivered over `seconds` and partly lost
(`churn`) in the weeks after: follower sellers deliver in hours or drip-feed over days, and
platforms later remove some of the fake accounts.
"""

from __future__ import annotations

import duckdb

from synthetic.config import GenerationConfig


def register_follower_macros(
    connection: duckdb.DuckDBPyConnection, config: GenerationConfig
) -> None:
    end, history = config.end_epoch, config.history_seconds
    churn_seconds = config.follower_churn_days * 86_400
    macros = [
        """viral_ramp(viral_at, viral_seconds, moment) as case
            when viral_at is null or moment < viral_at then 0.0
            else 1 - exp(-(moment - viral_at) / viral_seconds) end""",
        f"""organic_followers(followers_end, follower_growth, viral_at, viral_gain, viral_seconds,
                              moment) as
            followers_end * (1 - follower_growth * ({end} - moment) / {history})
            * (1 + viral_gain * viral_ramp(viral_at, viral_seconds, moment))
            / (1 + viral_gain * viral_ramp(viral_at, viral_seconds, {end}))""",
        f"""bought_followers_at(purchases, moment) as coalesce(list_sum(list_transform(
            purchases,
            lambda p: p.amount * least(1.0, greatest(0.0, (moment - p.start_at) / p.seconds))
                * (1 - p.churn * least(1.0, greatest(0.0,
                    (moment - p.start_at - p.seconds) / {churn_seconds})))
        )), 0)""",
        # What a scrape at `moment` reports, with ±0.4% noise.
        """reported_followers(creator_idx, followers_end, follower_growth, viral_at, viral_gain,
                              viral_seconds, purchases, moment) as greatest(0, round(
            (organic_followers(followers_end, follower_growth, viral_at, viral_gain,
                               viral_seconds, moment)
             + bought_followers_at(purchases, moment))
            * (1 + 0.004 * rand_normal(creator_idx * 100000000 + moment // 60, 'follower_noise'))
        ))::bigint""",
    ]
    for macro in macros:
        connection.execute(f"create or replace macro {macro}")


def _pattern_case(config: GenerationConfig) -> str:
    branches, cumulative = [], 0.0
    for pattern, share in config.follower_purchase_patterns[:-1]:
        cumulative += share
        branches.append(f"when u_pattern < {cumulative} then '{pattern}'")
    return f"case {' '.join(branches)} else '{config.follower_purchase_patterns[-1][0]}' end"


def create_follower_purchases(
    connection: duckdb.DuckDBPyConnection, config: GenerationConfig
) -> None:
    """Table `follower_purchases`: one row per bought-follower creator, its purchases as a list.

    Reads table `creator_follower_draws` (creator_idx, followers_end, follower_growth) of the
    creators who bought followers.
    """
    start, history = config.start_epoch, config.history_seconds
    packages = "[" + ", ".join(str(p) for p in config.follower_packages) + "]"
    single_low, single_high = config.single_purchase_share
    several_low, several_high = config.several_purchase_share
    round_low, round_high = config.round_package_share
    drip_low, drip_high = config.drip_feed_share
    drip_days_low, drip_days_high = config.drip_feed_days
    churn_low, churn_high = config.follower_churn
    hours_low, hours_high = config.purchase_delivery_hours
    connection.execute(
        f"""
        create or replace table follower_purchases as
        with patterned as (
            select *, rand_uniform(creator_idx, 'purchase_pattern') as u_pattern,
                   {_pattern_case(config)} as pattern,
                   case pattern
                       when 'several_purchases' then rand_int(creator_idx, 'purchases', 2, 4)
                       when 'round_package' then case
                           when rand_uniform(creator_idx, 'purchases') < 0.25 then 2 else 1 end
                       else 1 end as purchase_count,
                   rand_between(creator_idx, 'churn', {churn_low}, {churn_high}) as churn
            from creator_follower_draws
        ),
        purchases as (
            select p.creator_idx, p.pattern, p.churn, p.followers_end, p.follower_growth,
                   i as purchase_number, p.creator_idx * 8 + i as purchase_key,
                   -- Purchases sit in successive slices of the middle of the history.
                   {start} + round({history} * (0.15 + 0.75 / purchase_count * (
                       i + rand_between(purchase_key, 'purchase_at', 0.1, 0.8))))::bigint
                       as start_at,
                   p.followers_end * (1 - p.follower_growth * ({config.end_epoch} - start_at)
                                      / {history}) as organic_then,
                   case p.pattern
                       when 'drip_feed' then round(86400 * rand_between(
                           purchase_key, 'delivery', {drip_days_low}, {drip_days_high}))
                       else round(3600 * rand_between(purchase_key, 'delivery',
                                                      {hours_low}, {hours_high}))
                   end::bigint as seconds,
                   case p.pattern
                       when 'single_jump' then organic_then * exp(rand_between(purchase_key,
                           'amount', ln({single_low}), ln({single_high})))
                       when 'several_purchases' then organic_then * rand_between(
                           purchase_key, 'amount', {several_low}, {several_high})
                       when 'drip_feed' then organic_then * rand_between(
                           purchase_key, 'amount', {drip_low}, {drip_high})
                       else coalesce(list_filter({packages}, lambda package: package
                           >= organic_then * rand_between(purchase_key, 'amount',
                                                          {round_low}, {round_high}))[1],
                           {config.follower_packages[-1]})
                   end as amount
            from patterned as p, unnest(range(p.purchase_count)) as n(i)
        )
        select creator_idx, any_value(pattern) as purchase_pattern,
               list({{'start_at': start_at, 'seconds': seconds, 'amount': round(amount),
                      'churn': churn}} order by purchase_number) as purchases
        from purchases
        group by creator_idx
        """
    )
