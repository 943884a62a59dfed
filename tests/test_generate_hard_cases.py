"""The generator's hard cases exist, look the way real behaviour looks, and are labelled right.

A second dump set (another seed, more creators, so each rare case occurs several times), read
back from the written files with the views of test_generate.
"""

from __future__ import annotations

import re

import pytest
from test_generate import END_DATE, open_generated

from synthetic import generate_dumps
from synthetic.vocabulary_inauthentic import BOT_GENERIC_TEXTS


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    root = tmp_path_factory.mktemp("hard_cases")
    connection = open_generated(
        generate_dumps(root / "dumps", creators=400, seed=5, end_date=END_DATE)
    )
    yield connection
    connection.close()


def _rows(db, sql: str) -> list[tuple]:
    return db.execute(sql).fetchall()


# Viral spikes: clean creators whose followers rise with their engagement ----------------------


def test_viral_spike_creators_are_clean_and_a_few_percent_of_the_clean(db):
    viral, clean, flagged = _rows(
        db,
        """
        select count_if(has_viral_spike), count_if(is_clean),
               count_if(has_viral_spike and (bought_followers or bot_comments
                        or engagement_pod or bought_likes or not is_clean))
        from truth
        """,
    )[0]
    assert flagged == 0
    assert 0.02 <= viral / clean <= 0.07


def test_a_viral_post_far_outperforms_the_creators_other_posts(db):
    """Each post's most-liked snapshot, the viral one against the creator's median."""
    boosts = [
        boost
        for (boost,) in _rows(
            db,
            """
            with best as (select platform, post_id, creator_id, max(likes) as likes
                          from posts group by all)
            select max(b.likes) filter (where b.post_id = t.viral_post_id) / median(b.likes)
            from truth as t join best as b using (platform, creator_id)
            where t.has_viral_spike group by t.creator_key
            """,
        )
    ]
    assert len(boosts) >= 5
    assert sorted(boosts)[len(boosts) // 2] >= 5
    assert min(boosts) > 1


def test_followers_rise_in_the_days_after_the_viral_post(db):
    """The follower jump a detector sees follows a post with many times the engagement."""
    rises = _rows(
        db,
        """
        with viral as (
            select distinct t.platform, t.creator_id, p.posted_at
            from truth as t join posts as p
                on p.platform = t.platform and p.post_id = t.viral_post_id
            where t.has_viral_spike
        ),
        around as (
            select v.creator_id,
                   max_by(f.followers, f.scraped_at) filter (where f.scraped_at <= v.posted_at)
                       as before,
                   max(f.followers) filter (
                       where f.scraped_at between v.posted_at
                             and v.posted_at + interval 14 days) as after_two_weeks,
                   -- where the creator's largest weekly step starts
                   arg_max(f.previous_at, f.followers / f.previous) as biggest_step_from
            from viral as v
            join (select *, lag(followers) over w as previous, lag(scraped_at) over w
                      as previous_at
                  from profiles window w as (partition by platform, creator_id
                                             order by scraped_at)) as f
                using (platform, creator_id)
            group by all
        )
        select creator_id, after_two_weeks / before,
               biggest_step_from >= (select posted_at from viral as v
                                     where v.creator_id = around.creator_id) - interval 7 days
        from around where before is not null and after_two_weeks is not null
        """,
    )
    assert len(rises) >= 5
    assert all(rise >= 1.15 for _, rise, _ in rises)
    assert all(step_after_post for *_, step_after_post in rises)


# Bought followers come in several shapes ------------------------------------------------------


def test_follower_purchases_vary_in_shape(db):
    patterns = dict(
        _rows(
            db,
            "select follower_purchase_pattern, count(*) from truth where bought_followers "
            "group by all",
        )
    )
    assert set(patterns) == {"single_jump", "round_package", "several_purchases", "drip_feed"}
    steps = _rows(
        db,
        """
        with steps as (
            select platform, creator_id, followers / lag(followers) over w as ratio
            from profiles window w as (partition by platform, creator_id order by scraped_at)
        )
        select t.follower_purchase_pattern, t.follower_purchases, count_if(s.ratio >= 1.08)
        from steps as s join truth as t using (platform, creator_id)
        where t.bought_followers and not t.has_viral_spike group by all
        """,
    )
    several = [jumps for pattern, _, jumps in steps if pattern == "several_purchases"]
    assert several and all(jumps >= 2 for jumps in several)
    assert all(purchases == 1 for pattern, purchases, _ in steps if pattern == "single_jump")


# Bought likes on only some posts ---------------------------------------------------------------


def test_some_bought_likes_creators_have_posts_left_alone(db):
    per_creator = _rows(
        db,
        """
        select t.creator_key, count(*), count_if(p.has_bought_likes)
        from truth as t join truth_posts as p using (platform, creator_id)
        where t.bought_likes group by all
        """,
    )
    assert any(0 < boosted < posts for _, posts, boosted in per_creator)
    assert all(boosted >= 1 for *_, boosted in per_creator)


def test_untouched_posts_of_like_buyers_look_organic(db):
    """Likes per comment: a buyer's untouched posts like a clean creator's, boosted ones not."""
    medians = {
        (bought, boosted): median
        for bought, boosted, median in _rows(
            db,
            """
            select t.bought_likes, b.has_bought_likes, median(p.likes / p.comments)
            from posts as p
            join truth_posts as b using (platform, post_id)
            join truth as t on t.platform = p.platform and t.creator_id = p.creator_id
            where p.comments > 0 and (t.bought_likes or t.is_clean) group by all
            """,
        )
    }
    clean = medians[(False, False)]
    assert 0.6 * clean <= medians[(True, False)] <= 1.6 * clean
    assert medians[(True, True)] >= 3 * clean


# Pods that come hours later ---------------------------------------------------------------------


def test_some_pods_comment_hours_after_posting(db):
    delays = _rows(
        db,
        """
        select t.pod_timing, count(*), count_if(l.delay > interval 2 hours),
               count_if(l.delay <= interval 1 hour)
        from labelled_comments as l join truth as t using (platform, creator_id)
        where l.kind = 'pod' group by all
        """,
    )
    by_timing = {timing: (total, late, early) for timing, total, late, early in delays}
    late_total, late, _ = by_timing["hours_later"]
    fast_total, _, fast_early = by_timing["within_hour"]
    assert late / late_total >= 0.8
    assert fast_early / fast_total >= 0.85


def test_pod_comments_are_reciprocal(db):
    """Members who comment on a fellow member's posts get comments back from them."""
    pairs = _rows(
        db,
        """
        with edges as (
            select distinct l.platform, l.author_id as commenter, l.creator_id as owner
            from labelled_comments as l where l.kind = 'pod'
        )
        select count(*), count(back.commenter)
        from edges as e
        left join edges as back on back.platform = e.platform
            and back.commenter = e.owner and back.owner = e.commenter
        """,
    )
    edges, reciprocated = pairs[0]
    assert edges > 0
    assert reciprocated / edges >= 0.8


# Noise on clean creators, and fans who look like bots -------------------------------------------


def test_clean_creators_carry_a_little_spam(db):
    with_spam, creators, spam_share = _rows(
        db,
        """
        select count_if(spam > 0), count(*), sum(spam) / sum(total)
        from (
            select l.creator_id, count_if(l.kind like 'spam%') as spam, count(*) as total
            from labelled_comments as l join truth as t using (platform, creator_id)
            where t.is_clean group by all having count(*) >= 30
        )
        """,
    )[0]
    assert with_spam / creators >= 0.6
    assert 0.004 <= spam_share <= 0.04
    labels = _rows(
        db,
        "select distinct is_inauthentic from labelled_comments where kind like 'spam%'",
    )
    assert labels == [(True,)]


def test_spam_hides_its_links_and_words(db):
    texts = [
        text for (text,) in _rows(db, "select text from labelled_comments where kind like 'spam%'")
    ]
    patterns = {
        "spaced dots": r"\w \. \w",
        "dot spelled out": r"\w dot com",
        "shortener": r"bit\.ly/|tinyurl\.com/",
        "lookalike letters": "[\uff41-\uff5a\u24d0-\u24e9]",
        "spaced letters": r"\b\w \w \w \w\b",
    }
    for name, pattern in patterns.items():
        assert any(re.search(pattern, text) for text in texts), name


def test_spammers_and_bots_comment_across_many_creators(db):
    spread = dict(
        _rows(
            db,
            """
            select account_kind, max(creators) from (
                select b.account_kind, b.author_id, count(distinct l.creator_id) as creators
                from labelled_comments as l
                join bots as b on b.platform = l.platform and b.author_id = l.author_id
                group by all
            ) group by all
            """,
        )
    )
    assert spread["bot"] >= 3
    assert spread["spammer"] >= 10


def test_short_praise_from_fans_is_authentic_though_bots_write_the_same(db):
    kinds = dict(
        _rows(
            db,
            "select kind, bool_or(is_inauthentic) from labelled_comments "
            "where kind in ('fan', 'short_praise', 'foreign_language', 'reply') group by all",
        )
    )
    assert kinds == {
        "fan": False,
        "short_praise": False,
        "foreign_language": False,
        "reply": False,
    }
    shared = {
        text
        for (text,) in _rows(
            db,
            """
            select text from labelled_comments group by text
            having count_if(kind = 'short_praise') > 0 and count_if(kind = 'bot_generic') > 0
            """,
        )
    }
    assert len(shared) >= 3
    assert shared <= set(BOT_GENERIC_TEXTS)


def test_fans_write_in_other_languages_and_scripts(db):
    texts = [
        text
        for (text,) in _rows(
            db, "select text from labelled_comments where kind = 'foreign_language'"
        )
    ]
    scripts = {
        "Devanagari": "[\u0900-\u097f]",
        "Japanese kana": "[\u3040-\u30ff]",
        "Arabic": "[\u0600-\u06ff]",
        "Hangul": "[\uac00-\ud7af]",
        "Latin with accents": "[áéíóúãçñüöß]",
    }
    for name, pattern in scripts.items():
        assert any(re.search(pattern, text) for text in texts), name


# Bots that are hard to tell from fans, and bots that are easy -----------------------------------


def test_bots_write_copy_paste_across_creators_and_plausible_sentences(db):
    copy_paste = _rows(
        db,
        """
        select max(authors), max(creators) from (
            select text, count(distinct author_id) as authors,
                   count(distinct creator_id) as creators
            from labelled_comments where kind = 'bot_copy_paste' group by text
        )
        """,
    )[0]
    assert copy_paste[0] >= 5 and copy_paste[1] >= 3
    plausible = [
        text
        for (text,) in _rows(db, "select text from labelled_comments where kind = 'bot_plausible'")
    ]
    assert plausible
    assert min(len(text.split()) for text in plausible) >= 6
    assert not set(plausible) & set(BOT_GENERIC_TEXTS)


def test_bots_fire_in_bursts_and_some_trickle_in_late(db):
    bursts, late, total = _rows(
        db,
        """
        select
            (select count(*) from (
                select platform, post_id, author_id from labelled_comments
                where kind like 'bot%' group by all
                having count(*) >= 2 and max(created_at) - min(created_at) <= interval 60 seconds
            )),
            count_if(delay > interval 30 minutes), count(*)
        from labelled_comments where kind like 'bot%'
        """,
    )[0]
    assert bursts >= 10
    assert 0.05 <= late / total <= 0.25
