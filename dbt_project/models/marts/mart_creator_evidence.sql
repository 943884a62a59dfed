-- The vetting dossier: one row per creator and authenticity signal, with the creator's value, the
-- median of scored peers (same platform and follower band), the thresholds, the points it took (or,
-- for creator_replies, gave), a verdict and the evidence behind it (docs/metrics.md, "Vetting dossier").
{%- set rules = var('authenticity') %}
{%- set follower_signals = ('follower_spike', 'round_follower_jump', 'engagement_fell_after_spike') %}
{%- set signals = [
    {'signal': 'suspicious_comments', 'code': 'SUSPICIOUS_COMMENTS', 'value': 'suspicious_comment_share', 'unit': 'fraction'},
    {'signal': 'engagement_pod', 'code': 'ENGAGEMENT_POD', 'value': 'pod_comment_share', 'unit': 'fraction'},
    {'signal': 'concentrated_commenters', 'code': 'CONCENTRATED_COMMENTERS', 'value': 'top10_commenter_share', 'unit': 'fraction'},
    {'signal': 'follower_spike', 'code': 'FOLLOWER_SPIKE', 'value': 'follower_spike_z', 'unit': 'robust_z'},
    {'signal': 'round_follower_jump', 'code': 'ROUND_FOLLOWER_JUMP', 'value': 'case when is_round_follower_jump then 1.0 when is_round_follower_jump is not null then 0.0 end', 'unit': 'flag'},
    {'signal': 'engagement_fell_after_spike', 'code': 'ENGAGEMENT_FELL_AFTER_SPIKE', 'value': '-er_change_after_spike', 'unit': 'fraction'},
    {'signal': 'likes_above_peers', 'code': 'LIKES_ABOVE_PEERS', 'value': 'likes_per_comment_peer_z', 'unit': 'robust_z'},
    {'signal': 'like_outlier_posts', 'code': 'LIKE_OUTLIER_POSTS', 'value': 'like_outlier_post_share', 'unit': 'fraction'},
    {'signal': 'low_effort_comments', 'code': 'LOW_EFFORT_COMMENTS', 'value': 'low_effort_comment_share', 'unit': 'fraction'},
    {'signal': 'creator_replies', 'code': none, 'value': 'reply_rate', 'unit': 'fraction'},
] %}
with creators as (
    select
        authenticity.*,
        engagement.follower_band
    from {{ ref('int_creator_authenticity') }} as authenticity
    inner join {{ ref('int_creator_engagement') }} as engagement
        on authenticity.creator_key = engagement.creator_key
),

signal_rows as (
    {%- for item in signals %}
        {%- set rule = rules[item.signal] %}
        select
            creator_key,
            platform,
            follower_band,
            is_scored,
            '{{ item.signal }}' as signal,
            {{ "'" ~ item.code ~ "'" if item.code else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as reason_code,
            '{{ 'credit' if item.signal == 'creator_replies' else 'deduction' }}' as effect,
            cast({{ item.value }} as {{ double_type() }}) as signal_value,
            '{{ item.unit }}' as unit,
            cast({{ rule.get('start', 'null') }} as {{ double_type() }}) as threshold_start,
            cast({{ rule.get('full', 'null') }} as {{ double_type() }}) as threshold_full,
            cast({{ rule.weight }} as {{ double_type() }}) as max_points,
            {{ item.signal ~ ('_credit' if item.signal == 'creator_replies' else '_deduction') }} as points,
            case
                {%- if item.signal == 'suspicious_comments' %}
                    when comments_by_others > 0 then
                        cast(
                            cast(
                                round(comments_by_others * suspicious_comment_share) as integer
                            ) as {{ dbt.type_string() }}
                        )
                        || ' of ' || cast(comments_by_others as {{ dbt.type_string() }})
                        || ' comments by others on window posts look inauthentic'
                {%- elif item.signal == 'engagement_pod' %}
                    when comments_by_others > 0 then
                        cast(cast(round(comments_by_others * pod_comment_share) as integer) as {{ dbt.type_string() }})
                        || ' of ' || cast(comments_by_others as {{ dbt.type_string() }})
                        || ' comments by others come from creators trading comments with this one'
                {%- elif item.signal == 'concentrated_commenters' %}
                    when distinct_commenters > 0 then
                        case
                            when distinct_commenters <= 10
                                then
                                    'only ' || cast(distinct_commenters as {{ dbt.type_string() }})
                                    || ' different accounts commented'
                            else
                                'the 10 most active of ' || cast(distinct_commenters as {{ dbt.type_string() }})
                                || ' commenters wrote '
                                || {{ percent_text('top10_commenter_share') }}
                                || '% of comments by others'
                        end
                        || case
                            when comments_by_others < {{ rules.concentrated_commenters.min_comments }}
                                then ' (not scored under {{ rules.concentrated_commenters.min_comments }} comments)'
                            else ''
                        end
                {%- elif item.signal in follower_signals %}
                    when follower_spike_at is not null
                        then
                            'largest follower step: '
                            || case when follower_spike_change >= 0 then '+' else '' end
                            || {{ percent_text('follower_spike_change') }} || '% on '
                            || cast(cast(follower_spike_at as date) as {{ dbt.type_string() }})
                            || case
                                when spike_follows_viral_post then ', right after a viral post (not deducted)' else ''
                            end
                            || case
                                when follower_spike_z is null
                                    then ' (not scored: fewer than {{ var("follower_min_steps") }} snapshot steps)'
                                else ''
                            end
                            {%- if item.signal == 'round_follower_jump' %}
                                || case
                                    when is_round_follower_jump then '; a round number of followers'
                                    else '; not a round number'
                                end
                            {%- elif item.signal == 'engagement_fell_after_spike' %}
                                || coalesce(
                                    '; engagement rate after it '
                                    || case when er_change_after_spike < 0 then 'fell ' else 'rose ' end
                                    || {{ percent_text('abs(er_change_after_spike)') }}
                                    || '%',
                                    ''
                                )
                            {%- endif %}
                {%- elif item.signal == 'likes_above_peers' %}
                    when likes_per_comment_median is not null then
                        'median likes per comment ' || {{ decimal_text('likes_per_comment_median') }}
                        || ' against a peer median of '
                        || coalesce({{ decimal_text('peer_likes_per_comment_median') }}, 'n/a')
                {%- elif item.signal == 'like_outlier_posts' %}
                    when like_outlier_post_share is not null then
                        {{ percent_text('like_outlier_post_share') }}
                        || '% of window posts have likes per comment or views per like over '
                        || '{{ var("like_outlier_factor") }}x this creator''s lower quartile'
                {%- elif item.signal == 'low_effort_comments' %}
                    when comments_by_others > 0 then
                        {{ percent_text('low_effort_comment_share') }}
                        || '% of comments by others are stock phrases, emoji or lone mentions'
                {%- elif item.signal == 'creator_replies' %}
                    when reply_rate is not null then
                        'the creator replied to ' || {{ percent_text('reply_rate') }} || '% of top-level comments'
                {%- endif %}
            end as evidence,
            {{ 'follower_spike_at' if item.signal in follower_signals else 'cast(null as timestamp)' }}
                as evidence_at
        from creators
        {{ 'union all' if not loop.last }}
    {%- endfor %}
),

peer_medians as (
    select
        platform,
        follower_band,
        signal,
        percentile_cont(0.5) within group (order by signal_value) as peer_median
    from signal_rows
    where is_scored
    group by platform, follower_band, signal
)

select
    signal_rows.creator_key,
    signal_rows.signal,
    signal_rows.reason_code,
    signal_rows.effect,
    signal_rows.signal_value,
    signal_rows.unit,
    peer_medians.peer_median,
    signal_rows.threshold_start,
    signal_rows.threshold_full,
    signal_rows.max_points,
    case when signal_rows.is_scored then signal_rows.points end as points,
    case
        when not signal_rows.is_scored then 'not_scored'
        when signal_rows.signal_value is null then 'not_measured'
        when signal_rows.points > 0 and signal_rows.effect = 'credit' then 'credited'
        when signal_rows.points > 0 then 'flagged'
        else 'clear'
    end as verdict,
    signal_rows.evidence,
    signal_rows.evidence_at,
    examples.example_ids
from signal_rows
left join peer_medians
    on
        signal_rows.platform = peer_medians.platform
        and signal_rows.follower_band = peer_medians.follower_band
        and signal_rows.signal = peer_medians.signal
left join {{ ref('int_creator_evidence_examples') }} as examples
    on signal_rows.creator_key = examples.creator_key and signal_rows.signal = examples.signal
