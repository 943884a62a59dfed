"""The value marts recomputed from the dump files, and the claims of the value issue on truth.

One generated dump set (120 creators) through `bignoise evaluate --dumps --truth`, which runs the
pipeline and keeps the warehouse. Everything below is recomputed here from the raw dump files
(read with DuckDB's read_json / read_csv, never from the marts) and the dbt seeds, following the
definitions in the model headers (int_posts_windowed, int_posts_sponsorship,
int_creator_sponsored_lift, int_creator_growth, int_creator_costs, int_creator_value), then
compared with the served marts. Then the generator's truth:
- a creator with bought likes or bot comments pays clearly more per authentic engagement than per
  engagement, a clean creator about the same;
- a post resolved as sponsored is truly sponsored (disclosures are unambiguous); undisclosed
  sponsorship is invisible by design, so recall is only reported (run with -s to see it);
- the niche section of the evaluation is present and plausible.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import bignoise

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "dbt_project" / "seeds"
CREATORS = 120
# The pipeline's defaults (orchestration/settings.py); the BIGNOISE_* variables are cleared below.
WINDOW_DAYS, WINDOW_POSTS, MIN_POST_AGE_HOURS = 180, 30, 24
TOLERANCE = 1e-9
# The words that negate a disclosure phrase right after them (var disclosure_negations).
NEGATIONS = yaml.safe_load((REPO / "dbt_project" / "dbt_project.yml").read_text())["vars"][
    "disclosure_negations"
]
BANDS = [  # macros/follower_tiers.sql: lower bounds inclusive
    (1_000, "<1k"),
    (10_000, "1k-10k"),
    (50_000, "10k-50k"),
    (100_000, "50k-100k"),
    (500_000, "100k-500k"),
    (1_000_000, "500k-1M"),
]


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("value")
    generated = bignoise(
        "generate", "--out", "dumps", "--truth", "truth", "--creators", str(CREATORS),
        "--seed", "23", cwd=workdir,
    )  # fmt: skip
    assert generated.returncode == 0, generated.stderr
    result = bignoise(
        "evaluate", "--dumps", "dumps", "--warehouse", "wh", "--truth", "truth", "--json",
        cwd=workdir,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr + result.stdout
    return workdir, json.loads(result.stdout)


def _quoted(paths: list[Path]) -> str:
    return "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"


def _files(folder: Path) -> dict[str, list[Path]]:
    """The dump files under folder by format; any other file fails the test (a new format
    would otherwise go unread here)."""
    formats = {".jsonl.gz": "json", ".jsonl": "json", ".ndjson": "json"}
    formats |= {".csv.gz": "csv", ".csv": "csv"}
    found: dict[str, list[Path]] = {"json": [], "csv": []}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        suffix = next((s for s in formats if path.name.endswith(s)), None)
        assert suffix, f"a dump file of a format this test does not read: {path}"
        found[formats[suffix]].append(path)
    return found


INSTANT = """create or replace macro instant(t) as
    case when regexp_full_match(trim(t), '\\d+') then to_timestamp(trim(t)::bigint)::timestamp
    else cast(trim(t) as timestamptz)::timestamp end"""

POST_FIELDS = [
    "platform", "creator_id", "post_id", "creator_followers", "posted_at", "scraped_at",
    "caption", "hashtags", "likes", "comments", "shares", "saves", "is_sponsored",
]  # fmt: skip
PROFILE_FIELDS = ["platform", "creator_id", "followers", "scraped_at"]


def _readers(files: dict[str, list[Path]], fields: list[str]) -> str:
    """One union of every dump file, each field as text (hashtags: a list, or a space-separated
    text split into one)."""
    json_columns = ", ".join(
        f"'{f}': '{'VARCHAR[]' if f == 'hashtags' else 'VARCHAR'}'" for f in fields
    )
    selects = []
    if files["json"]:
        selects.append(
            f"select {', '.join(fields)} from read_json({_quoted(files['json'])},"
            f" format = 'newline_delimited', columns = {{{json_columns}}})"
        )
    if files["csv"]:
        columns = ", ".join(
            "string_split_regex(trim(hashtags), '\\s+') as hashtags" if f == "hashtags" else f
            for f in fields
        )
        selects.append(
            f"select {columns} from read_csv({_quoted(files['csv'])}, header = true,"
            " all_varchar = true, union_by_name = true)"
        )
    return " union all by name ".join(selects)


def open_raw(workdir: Path) -> duckdb.DuckDBPyConnection:
    """Tables from the dump files: post_snapshots, posts (the latest snapshot of each post at or
    before as_of, with engagements, followers_at_post and is_sponsored_recomputed), profiles;
    as_of; the seeds; and the served marts attached as `served`."""
    connection = duckdb.connect()
    connection.execute("set TimeZone = 'UTC'")
    connection.execute(INSTANT)
    dumps = workdir / "dumps"
    connection.execute(
        f"""create table post_snapshots as
        select
            lower(trim(platform)) as platform, post_id, creator_id,
            lower(trim(platform)) || ':' || post_id as post_key,
            lower(trim(platform)) || ':' || creator_id as creator_key,
            creator_followers::bigint as creator_followers,
            instant(posted_at) as posted_at, instant(scraped_at) as scraped_at, caption,
            list_filter(
                list_transform(
                    coalesce(hashtags, regexp_extract_all(caption, '#([\\p{{L}}\\p{{N}}_]+)', 1)),
                    lambda tag: lower(ltrim(trim(tag), '#'))
                ),
                lambda tag: tag <> ''
            ) as hashtags,
            likes::bigint as likes, comments::bigint as comments, shares::bigint as shares,
            saves::bigint as saves, is_sponsored::boolean as is_sponsored
        from ({_readers(_files(dumps / "posts"), POST_FIELDS)})"""
    )
    duplicates = connection.execute(
        "select count(*) - count(distinct (post_key, scraped_at)) from post_snapshots"
    ).fetchall()[0][0]
    # With one snapshot per post and time, "the latest snapshot" needs no tie-break rule here.
    assert duplicates == 0
    connection.execute("create table run as select max(scraped_at) as as_of from post_snapshots")
    connection.execute(
        f"""create table profiles as
        select
            lower(trim(platform)) || ':' || creator_id as creator_key,
            followers::bigint as followers, instant(scraped_at) as scraped_at
        from ({_readers(_files(dumps / "profiles"), PROFILE_FIELDS)})
        where instant(scraped_at) <= (select as_of from run)"""
    )
    duplicates = connection.execute(
        "select count(*) - count(distinct (creator_key, scraped_at)) from profiles"
    ).fetchall()[0][0]
    assert duplicates == 0
    connection.execute(
        f"create table disclosures as select * from read_csv('{SEEDS}/sponsorship_disclosures.csv',"
        " header = true, all_varchar = true)"
    )
    connection.execute(
        f"create table rate_card as select * from read_csv('{SEEDS}/rate_card.csv', header = true,"
        " all_varchar = true)"
    )
    connection.execute(
        """create table posts as
        with latest as (
            select * from post_snapshots
            where scraped_at <= (select as_of from run)
            qualify row_number() over (partition by post_key order by scraped_at desc) = 1
        ),
        followers as (
            select
                latest.post_key,
                arg_max(profiles.followers, profiles.scraped_at)
                    filter (where profiles.scraped_at <= latest.posted_at) as before_post,
                arg_min(profiles.followers, profiles.scraped_at)
                    filter (where profiles.scraped_at > latest.posted_at) as after_post
            from latest
            left join profiles on latest.creator_key = profiles.creator_key
            group by latest.post_key
        ),
        hashtag_terms as (
            select lower(trim(ltrim(trim(term), '#'))) as term from disclosures
            where match_on = 'hashtag'
        ),
        phrase_terms as (
            select ' ' || trim(regexp_replace(lower(term), '[^\\pL\\pN]+', ' ', 'g')) || ' ' as term
            from disclosures where match_on = 'phrase'
        ),
        start_terms as (
            select ' ' || trim(regexp_replace(lower(term), '[^\\pL\\pN]+', ' ', 'g')) || ' ' as term
            from disclosures where match_on = 'caption_start'
        ),
        caption_words as (
            select post_key,
                   ' ' || trim(regexp_replace(lower(coalesce(caption, '')), '[^\\pL\\pN]+', ' ',
                       'g')) || ' ' as words
            from latest
        )
        select
            latest.*,
            coalesce(latest.likes, 0) + coalesce(latest.comments, 0)
                + coalesce(latest.shares, 0) + coalesce(latest.saves, 0) as engagements,
            coalesce(followers.before_post, followers.after_post, latest.creator_followers)
                as followers_at_post,
            coalesce(latest.is_sponsored, false)
            or exists (
                select 1 from hashtag_terms where list_contains(latest.hashtags, hashtag_terms.term)
            )
            or exists (
                -- A phrase right after a negation (and at most one more word, for a one-word
                -- phrase) does not count anywhere in that caption.
                select 1 from phrase_terms, caption_words
                where caption_words.post_key = latest.post_key
                  and contains(caption_words.words, phrase_terms.term)
                  and not regexp_matches(
                      caption_words.words,
                      ' (' || '{NEGATIONS}' || ')'
                      || case when contains(trim(phrase_terms.term), ' ') then ''
                              else '( [^ ]+)?' end
                      || phrase_terms.term
                  )
            )
            or exists (
                -- A label that counts only where the caption begins ("Ad | ...").
                select 1 from start_terms, caption_words
                where caption_words.post_key = latest.post_key
                  and starts_with(caption_words.words, start_terms.term)
            ) as is_sponsored_recomputed
        from latest
        join followers on latest.post_key = followers.post_key""".replace(
            "{NEGATIONS}", "|".join(NEGATIONS)
        )
    )
    served = str(workdir / "wh" / "serving" / "marts.duckdb").replace("'", "''")
    connection.execute(f"attach '{served}' as served (read_only)")
    return connection


@pytest.fixture(scope="module")
def raw(evaluated):
    workdir, _ = evaluated
    connection = open_raw(workdir)
    yield connection
    connection.close()


def frame(connection: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    return connection.execute(sql).df()


def window_posts(raw) -> pd.DataFrame:
    """The scoring window of int_posts_windowed, recomputed: posted_at in
    (as_of - window_days, as_of - min_post_age_hours], the latest WINDOW_POSTS per creator."""
    return frame(
        raw,
        f"""select posts.* from posts, run
        where posted_at > as_of - interval {WINDOW_DAYS} day
            and posted_at <= as_of - interval {MIN_POST_AGE_HOURS} hour
        qualify row_number() over (
            partition by creator_key order by posted_at desc, post_id desc
        ) <= {WINDOW_POSTS}""",
    )


def close(actual, expected) -> bool:
    """Both missing, or equal within TOLERANCE (relative for large values)."""
    if pd.isna(actual) or pd.isna(expected):
        return pd.isna(actual) and pd.isna(expected)
    return abs(actual - expected) <= TOLERANCE * max(1.0, abs(expected))


def assert_columns_match(served: pd.DataFrame, expected: pd.DataFrame, columns: list[str]):
    """Every creator of served has the expected value of each column (served as the left side:
    a creator missing from expected expects null)."""
    joined = served.merge(expected, on="creator_key", how="left", suffixes=("", "_expected"))
    assert len(joined) == len(served)
    for column in columns:
        wrong = joined[
            [
                not close(a, e)
                for a, e in zip(joined[column], joined[f"{column}_expected"], strict=True)
            ]
        ]
        assert wrong.empty, (
            f"{column}: {len(wrong)} creator(s) differ\n"
            + wrong[["creator_key", column, f"{column}_expected"]].head(10).to_string()
        )


def test_the_run_parameters_are_the_ones_recomputed(raw):
    as_of = raw.execute("select as_of from run").fetchall()[0][0]
    release = frame(raw, "select * from served.release_info").iloc[0]
    assert release.as_of == as_of
    assert release.window_start == as_of - pd.Timedelta(days=WINDOW_DAYS)
    assert release.window_end == as_of - pd.Timedelta(hours=MIN_POST_AGE_HOURS)


def test_posts_and_their_sponsorship_match_the_dumps(raw):
    joined = frame(
        raw,
        """select posts.post_key, posts.engagements, served_posts.engagements as served_engagements,
            posts.followers_at_post, served_posts.followers_at_post as served_followers,
            posts.is_sponsored_recomputed, served_posts.is_sponsored_resolved
        from posts full join served.fct_posts as served_posts using (post_key)""",
    )
    assert joined.served_engagements.notna().all() and joined.engagements.notna().all()
    assert (joined.engagements == joined.served_engagements).all()
    assert (joined.followers_at_post == joined.served_followers).all()
    differ = joined[joined.is_sponsored_recomputed != joined.is_sponsored_resolved]
    assert differ.empty, differ.head(10).to_string()


def test_sponsored_er_lift_of_every_creator_with_both_kinds_of_posts(raw):
    posts = window_posts(raw)
    posts["er"] = posts.engagements / posts.followers_at_post.replace(0, np.nan)
    medians = (
        posts.groupby(["creator_key", "is_sponsored_recomputed"]).er.median().unstack()
    ).rename(columns={True: "sponsored", False: "organic"})
    both = medians.dropna(subset=["sponsored", "organic"])
    both = both[both.organic != 0]
    expected = (both.sponsored / both.organic).rename("sponsored_er_lift").reset_index()
    counts = posts.groupby("creator_key").is_sponsored_recomputed.agg(["sum", "count"])
    served = frame(
        raw,
        "select creator_key, sponsored_window_posts, organic_window_posts, sponsored_er_lift"
        " from served.mart_creator_engagement",
    )
    assert len(expected) >= 10, "too few creators with sponsored and organic window posts"
    assert_columns_match(served, expected, ["sponsored_er_lift"])
    with_posts = served[served.creator_key.isin(counts.index)].set_index("creator_key")
    assert (with_posts.sponsored_window_posts == counts["sum"].reindex(with_posts.index)).all()
    assert (
        with_posts.organic_window_posts
        == (counts["count"] - counts["sum"]).reindex(with_posts.index)
    ).all()


def test_follower_growth_engagement_growth_and_posts_per_week(raw):
    as_of = pd.Timestamp(raw.execute("select as_of from run").fetchall()[0][0])
    profiles = frame(raw, "select * from profiles where followers is not null")
    rows = []
    for creator_key, snapshots in profiles.sort_values("scraped_at").groupby("creator_key"):
        now = snapshots.iloc[-1]
        row = {"creator_key": creator_key}
        for days in (30, 90):
            old = snapshots[snapshots.scraped_at <= as_of - pd.Timedelta(days=days)]
            growth = np.nan
            if len(old) and now.scraped_at > old.iloc[-1].scraped_at and old.iloc[-1].followers:
                growth = now.followers / old.iloc[-1].followers - 1
            row[f"follower_growth_{days}d"] = growth
        rows.append(row)
    followers = pd.DataFrame(rows)

    posts = frame(raw, "select creator_key, posted_at, engagements from posts")
    last_90 = (posts.posted_at > as_of - pd.Timedelta(days=90)) & (posts.posted_at <= as_of)
    mature = last_90 & (posts.posted_at <= as_of - pd.Timedelta(hours=MIN_POST_AGE_HOURS))
    previous = (posts.posted_at > as_of - pd.Timedelta(days=180)) & (
        posts.posted_at <= as_of - pd.Timedelta(days=90)
    )
    activity = pd.DataFrame({"creator_key": posts.creator_key.unique()}).set_index("creator_key")
    activity["posts_per_week"] = posts[last_90].groupby("creator_key").size().reindex(
        activity.index, fill_value=0
    ) / (90 / 7)
    growth = (
        posts[mature].groupby("creator_key").engagements.median()
        / posts[previous].groupby("creator_key").engagements.median().replace(0, np.nan)
        - 1
    )
    activity["engagement_growth_90d"] = growth.reindex(activity.index)
    expected = followers.merge(activity.reset_index(), on="creator_key", how="outer")

    served = frame(
        raw,
        "select creator_key, follower_growth_30d, follower_growth_90d, engagement_growth_90d,"
        " posts_per_week from served.mart_creator_engagement",
    )
    assert set(served.creator_key) == set(posts.creator_key)
    columns = ["follower_growth_30d", "follower_growth_90d", "engagement_growth_90d"]
    assert_columns_match(served, expected, [*columns, "posts_per_week"])
    # Not vacuous: most creators have each figure.
    assert (served[columns].notna().mean() > 0.5).all(), served[columns].notna().mean()


def follower_band(followers) -> str | None:
    if pd.isna(followers):
        return None
    return next((band for bound, band in BANDS if followers < bound), "1M+")


def test_cost_per_post_and_per_engagement(raw):
    current = frame(
        raw,
        """select creator_key, coalesce(
            (select arg_max(followers, scraped_at) from profiles
                where profiles.creator_key = creators.creator_key),
            (select arg_max(creator_followers, scraped_at) from post_snapshots
                where post_snapshots.creator_key = creators.creator_key
                    and creator_followers is not null
                    and scraped_at <= (select as_of from run))
        ) as followers, platform
        from (select distinct creator_key, platform from posts) as creators""",
    )
    card = frame(raw, "select platform, follower_band, est_cost_per_post_usd from rate_card")
    card["est_cost_per_post"] = pd.to_numeric(card.est_cost_per_post_usd)
    current["follower_band"] = current.followers.map(follower_band)
    expected = current.merge(card, on=["platform", "follower_band"], how="left")
    median_engagements = window_posts(raw).groupby("creator_key").engagements.median()
    expected["median_engagements"] = expected.creator_key.map(median_engagements)
    expected["est_cost_per_engagement"] = expected.est_cost_per_post / expected[
        "median_engagements"
    ].replace(0, np.nan)

    served = frame(
        raw,
        "select creator_key, est_cost_per_post, cost_source, median_engagements,"
        " est_cost_per_engagement, est_cost_per_authentic_engagement"
        " from served.mart_creator_scorecard",
    )
    assert set(served.creator_key) == set(current.creator_key)
    assert set(served.cost_source.dropna()) == {"rate_card_seed"}
    assert served.est_cost_per_post.notna().mean() > 0.5
    assert_columns_match(
        served, expected, ["est_cost_per_post", "median_engagements", "est_cost_per_engagement"]
    )
    priced = served.dropna(subset=["est_cost_per_engagement"])
    assert priced.est_cost_per_authentic_engagement.notna().all()
    below = priced[
        priced.est_cost_per_authentic_engagement < priced.est_cost_per_engagement * (1 - TOLERANCE)
    ]
    assert below.empty, below.to_string()


def cost_ratios(raw, workdir: Path) -> pd.DataFrame:
    """est_cost_per_authentic_engagement / est_cost_per_engagement of scored, priced creators,
    with the truth's fraud flags."""
    return frame(
        raw,
        f"""select
            scorecard.creator_key,
            scorecard.est_cost_per_authentic_engagement / scorecard.est_cost_per_engagement
                as ratio,
            truth.bought_likes or truth.bot_comments as is_inflated,
            truth.is_clean
        from served.mart_creator_scorecard as scorecard
        join read_csv('{workdir}/truth/creators.csv', header = true) as truth
            using (creator_key)
        where scorecard.is_scored and scorecard.est_cost_per_engagement > 0""",
    )


def test_bought_likes_and_bot_comments_make_authentic_engagement_dearer(raw, evaluated):
    ratios = cost_ratios(raw, evaluated[0])
    inflated, clean = ratios[ratios.is_inflated], ratios[ratios.is_clean]
    print(
        f"\ncost per authentic / per engagement, median: bought likes or bot comments"
        f" {inflated.ratio.median():.3f} ({len(inflated)} creators), clean"
        f" {clean.ratio.median():.3f} ({len(clean)} creators)"
    )
    assert len(inflated) >= 5 and len(clean) >= 20
    assert inflated.ratio.median() >= 1.25
    assert clean.ratio.median() < 1.1
    assert inflated.ratio.median() > clean.ratio.median() + 0.15


def test_resolved_sponsorship_against_the_truth(raw, evaluated):
    workdir, _ = evaluated
    judged = frame(
        raw,
        f"""select
            truth.is_sponsored_truth, coalesce(truth.sponsorship_disclosure, '') as disclosure,
            served_posts.is_sponsored_resolved
        from served.fct_posts as served_posts
        join read_csv('{workdir}/truth/posts.csv', header = true, all_varchar = true) as truth
            on served_posts.post_key = truth.platform || ':' || truth.post_id""",
    )
    assert len(judged) == raw.execute("select count(*) from served.fct_posts").fetchall()[0][0]
    truth = judged.is_sponsored_truth.str.strip().str.lower() == "true"
    resolved = judged.is_sponsored_resolved.astype(bool)
    precision = (truth & resolved).sum() / resolved.sum()
    recall = (truth & resolved).sum() / truth.sum()
    by_disclosure = judged[truth].groupby("disclosure").is_sponsored_resolved.agg(["mean", "size"])
    print(
        f"\nsponsorship: precision {precision:.3f} ({resolved.sum()} resolved), recall"
        f" {recall:.3f} ({truth.sum()} truly sponsored); recall by disclosure:\n{by_disclosure}"
    )
    assert truth.sum() >= 20
    assert precision >= 0.95
    # A platform label (the dump's is_sponsored) is never missed.
    assert by_disclosure.loc["flag", "mean"] == 1.0


def test_the_evaluation_reports_niche_accuracy(evaluated):
    _, result = evaluated
    niches = result["truth"]["niches"]
    assert niches is not None
    overall = niches["overall"]
    assert overall["all"]["creators"] + niches["not_in_mart"] == CREATORS
    for accuracy in (overall["all"]["accuracy"], overall["scored"]["accuracy"]):
        assert accuracy is not None and 0.5 < accuracy <= 1
    assert set(niches["per_platform"]) == {"instagram", "tiktok", "youtube"}
    for group in niches["per_platform"].values():
        assert 0 <= group["all"]["accuracy"] <= 1
    assert 0 <= overall["all"]["unknown_share"] <= 1
    assert len(niches["top_confusions"]) <= 5
    for score in ("recall", "precision"):
        assert 0 <= niches["secondary"][score] <= 1
