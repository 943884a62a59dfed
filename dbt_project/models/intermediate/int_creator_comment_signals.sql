-- What the comments on each creator's window posts say about the audience (docs/metrics.md,
-- "Creator authenticity"): one row per creator with at least one comment by someone else on a window
-- post. Shares are of comments by others; depth and address are read on the non-suspicious ones.
-- window_comments is read four times: it is inlined (macros/cross_engine.sql, inline_cte) rather than
-- stored once, and carries no text; the sampled comments' texts are joined for those comments alone.
-- Incremental, by creator: a build computes only the creators whose inputs changed
-- (macros/creators_to_recompute.sql) and keeps the other rows.
{{ by_creator_config() }}
with creators_recomputed as (
    {{ creators_to_recompute() }}
),

window_comments as {{ inline_cte() }} (
    select
        flagged.comment_key,
        flagged.creator_key,
        flagged.commenter_key,
        flagged.text_normalized is not null and flagged.text_normalized <> '' as has_text,
        flagged.word_count,
        flagged.addresses_creator,
        flagged.is_low_effort,
        flagged.is_suspicious,
        flagged.suspicion_reasons,
        flagged.has_text_reason,
        flagged.created_at
    from {{ ref('int_comments_flagged') }} as flagged
    inner join {{ ref('int_posts_windowed') }} as window_posts
        on flagged.post_key = window_posts.post_key
    inner join creators_recomputed
        on window_posts.creator_key = creators_recomputed.creator_key
    where not flagged.is_by_creator
),

reason_flags as (
    select
        creator_key,
        is_suspicious,
        is_low_effort,
        has_text_reason as has_spam_text,
        {{ regex_matches('suspicion_reasons', '(^|,)copy_paste(,|$)') }} as is_copy_paste,
        {{ regex_matches('suspicion_reasons', '(^|,)burst(,|$)') }} as is_burst,
        {{ regex_matches('suspicion_reasons', '(^|,)prolific_commenter(,|$)') }} as is_prolific,
        {{ regex_matches('suspicion_reasons', '(^|,)pod(,|$)') }} as is_pod
    from window_comments
),

shares as (
    select
        creator_key,
        count(*) as comments_by_others,
        {{ share_where('is_suspicious') }} as suspicious_comment_share,
        {{ share_where('has_spam_text') }} as spam_text_comment_share,
        {{ share_where('is_copy_paste') }} as copy_paste_comment_share,
        {{ share_where('is_burst') }} as burst_comment_share,
        {{ share_where('is_prolific') }} as prolific_commenter_comment_share,
        {{ share_where('is_pod') }} as pod_comment_share,
        {{ share_where('is_low_effort') }} as low_effort_comment_share
    from reason_flags
    group by creator_key
),

commenters as (
    select
        creator_key,
        commenter_key,
        count(*) as commenter_comments,
        row_number() over (partition by creator_key order by count(*) desc, commenter_key asc) as activity_rank
    from window_comments
    -- Comments without a named author feed no commenter signal.
    where commenter_key is not null
    group by creator_key, commenter_key
),

concentration as (
    select
        creator_key,
        count(*) as distinct_commenters,
        sum(case when activity_rank <= 10 then commenter_comments else 0 end) as top10_commenter_comments
    from commenters
    group by creator_key
),

depth as (
    select
        creator_key,
        percentile_cont(0.5) within group (order by word_count) as median_comment_words,
        {{ share_where('addresses_creator') }} as creator_address_share
    from window_comments
    where not is_suspicious
    group by creator_key
),

-- Lexical diversity: distinct words / words over the creator's latest non-suspicious comments,
-- a fixed number of them so that creators with more comments are not marked down for it.
sampled_comments as (
    select
        ranked.creator_key,
        flagged.text_normalized
    from (
        select
            creator_key,
            comment_key,
            row_number() over (partition by creator_key order by created_at desc, comment_key desc) as recency_rank
        from window_comments
        where not is_suspicious and has_text
    ) as ranked
    inner join {{ ref('int_comments_flagged') }} as flagged
        on ranked.comment_key = flagged.comment_key
    where ranked.recency_rank <= {{ var('lexical_diversity_sample_comments') }}
),

words as (
    select
        sampled_comments.creator_key,
        comment_words.word
    from sampled_comments
    {{ split_to_rows('sampled_comments.text_normalized', ' ', 'comment_words', 'word') }}
),

diversity as (
    select
        creator_key,
        cast(count(distinct word) as {{ double_type() }}) / count(*) as lexical_diversity
    from words
    group by creator_key
),

signals as (
    select
        shares.creator_key,
        shares.comments_by_others,
        shares.suspicious_comment_share,
        shares.spam_text_comment_share,
        shares.copy_paste_comment_share,
        shares.burst_comment_share,
        shares.prolific_commenter_comment_share,
        shares.pod_comment_share,
        shares.low_effort_comment_share,
        concentration.distinct_commenters,
        cast(concentration.distinct_commenters as {{ double_type() }}) / shares.comments_by_others
            as unique_commenter_ratio,
        cast(concentration.top10_commenter_comments as {{ double_type() }}) / shares.comments_by_others
            as top10_commenter_share,
        depth.median_comment_words,
        depth.creator_address_share,
        diversity.lexical_diversity
    from shares
    inner join concentration
        on shares.creator_key = concentration.creator_key
    left join depth
        on shares.creator_key = depth.creator_key
    left join diversity
        on shares.creator_key = diversity.creator_key
)

select
    creators_recomputed.creator_key,
    signals.comments_by_others,
    signals.suspicious_comment_share,
    signals.spam_text_comment_share,
    signals.copy_paste_comment_share,
    signals.burst_comment_share,
    signals.prolific_commenter_comment_share,
    signals.pod_comment_share,
    signals.low_effort_comment_share,
    signals.distinct_commenters,
    signals.unique_commenter_ratio,
    signals.top10_commenter_share,
    signals.median_comment_words,
    signals.creator_address_share,
    signals.lexical_diversity,
    -- Null (incremental builds): the creator has no row now; the post_hook deletes it.
    case
        when signals.creator_key is not null then creators_recomputed.comment_inputs_fingerprint
    end as computed_from
from creators_recomputed
{{ join_results_to_recomputed() }} signals
    on creators_recomputed.creator_key = signals.creator_key
