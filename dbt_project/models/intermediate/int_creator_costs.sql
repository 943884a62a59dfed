-- The estimated price of one sponsored post per creator (docs/rate-card.md): the user's rate card row
-- for the creator, else the user's row for the creator's platform and follower band, else the seed
-- rate_card's estimate for that platform and band (USD); null when none prices it. cost_source says which.
with creators as (
    select
        creator_key,
        platform,
        follower_band
    from {{ ref('int_creators_current') }}
),

user_rows as (
    select
        platform,
        creator_key,
        follower_band,
        cost_per_post,
        currency
    from {{ ref('stg_user_rate_card') }}
)

select
    creators.creator_key,
    coalesce(by_creator.cost_per_post, by_band.cost_per_post, cast(seed.est_cost_per_post_usd as {{ double_type() }}))
        as est_cost_per_post,
    case
        when by_creator.cost_per_post is not null then by_creator.currency
        when by_band.cost_per_post is not null then by_band.currency
        when seed.est_cost_per_post_usd is not null then 'USD'
    end as cost_currency,
    case
        when by_creator.cost_per_post is not null then 'user_creator'
        when by_band.cost_per_post is not null then 'user_band'
        when seed.est_cost_per_post_usd is not null then 'rate_card_seed'
    end as cost_source,
    case
        when
            by_creator.cost_per_post is null
            and by_band.cost_per_post is null
            and seed.est_cost_per_post_usd is not null
            then
                seed.source_publisher
                || ', '
                || seed.source_title
                || ' ('
                || cast(seed.source_year as {{ dbt.type_string() }})
                || '), '
                || seed.source_tier_label
    end as cost_reference
from creators
left join user_rows as by_creator
    on creators.creator_key = by_creator.creator_key
left join user_rows as by_band
    on
        creators.platform = by_band.platform
        and creators.follower_band = by_band.follower_band
        and by_band.creator_key is null
left join {{ ref('rate_card') }} as seed
    on creators.platform = seed.platform and creators.follower_band = seed.follower_band
