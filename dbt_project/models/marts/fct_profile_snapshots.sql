-- The follower history: one row per creator and profile snapshot (scraped at or before as_of), with
-- the change since the previous snapshot and whether this is the step the authenticity score
-- deducted for as an unexplained follower spike.
select
    snapshots.creator_key,
    snapshots.platform,
    snapshots.creator_id,
    snapshots.handle,
    snapshots.scraped_at,
    snapshots.followers,
    snapshots.following,
    snapshots.media_count,
    snapshots.previous_scraped_at,
    snapshots.previous_followers,
    snapshots.follower_change,
    snapshots.follower_change_share,
    snapshots.days_since_previous,
    coalesce(
        snapshots.scraped_at = authenticity.follower_spike_at and authenticity.follower_spike_deduction > 0,
        false
    ) as is_flagged_follower_spike,
    snapshots.source_file,
    snapshots.source_line
from {{ ref('int_profile_snapshots') }} as snapshots
left join {{ ref('int_creator_authenticity') }} as authenticity
    on snapshots.creator_key = authenticity.creator_key
