"""The synthetic dump generator: contract-conformant, deterministic, and with visible fraud.

Every check reads the written files back with DuckDB, the way ingestion does (each record turned
into one JSON object), and recomputes what it asserts independently of the generator's tables.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from assets.ingestion.contract import ENTITIES
from synthetic import generate_dumps
from synthetic.comments import KINDS
from synthetic.vocabulary_inauthentic import BOT_COPY_PASTE_TEXTS, BOT_GENERIC_TEXTS

END_DATE = "2026-11-01T00:00:00Z"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    root = tmp_path_factory.mktemp("generated")
    return generate_dumps(root / "dumps", creators=200, seed=42, end_date=END_DATE)


@pytest.fixture(scope="module")
def db(generated):
    connection = open_generated(generated)
    yield connection
    connection.close()


def open_generated(generated) -> duckdb.DuckDBPyConnection:
    """Views over the written files: posts, comments, profiles (typed columns), post_owners;
    truth (creators.csv), truth_posts, truth_comments, bots (bot_accounts.csv), and
    labelled_comments (each dump comment with its truth row and its post's creator)."""
    connection = duckdb.connect()
    connection.execute("set TimeZone = 'UTC'")  # naive timestamps mean UTC
    connection.execute(
        """
        create macro instant(value) as case
            when regexp_full_match(value, '[0-9]+') then to_timestamp(value::bigint)
            else value::timestamptz end
        """
    )
    dumps = generated.out_dir
    for entity in ENTITIES:
        connection.execute(f"create table {entity}_json as {_records_as_json(dumps / entity)}")
    connection.execute(
        """
        create view posts as select
            j->>'platform' as platform, j->>'post_id' as post_id, j->>'creator_id' as creator_id,
            (j->>'creator_followers')::bigint as creator_followers,
            instant(j->>'posted_at') as posted_at, instant(j->>'scraped_at') as scraped_at,
            j->>'caption' as caption, (j->>'likes')::bigint as likes,
            (j->>'comments')::bigint as comments, (j->>'shares')::bigint as shares,
            (j->>'saves')::bigint as saves, (j->>'views')::bigint as views, j
        from posts_json
        """
    )
    connection.execute(
        """
        create view comments as select
            j->>'platform' as platform, j->>'comment_id' as comment_id, j->>'post_id' as post_id,
            j->>'author_id' as author_id, j->>'text' as text,
            instant(j->>'created_at') as created_at, instant(j->>'scraped_at') as scraped_at,
            j->>'parent_comment_id' as parent_comment_id, (j->>'likes')::bigint as likes
        from comments_json
        """
    )
    connection.execute(
        """
        create view profiles as select
            j->>'platform' as platform, j->>'creator_id' as creator_id,
            (j->>'followers')::bigint as followers, instant(j->>'scraped_at') as scraped_at
        from profiles_json
        """
    )
    truth = generated.truth_dir
    connection.execute(
        f"""
        create view truth as select * from read_csv('{truth}/creators.csv', types = {{
            'creator_id': 'varchar', 'creator_key': 'varchar', 'pod_id': 'varchar',
            'viral_post_id': 'varchar'}})
        """
    )
    connection.execute(
        f"""
        create view truth_posts as select * from read_csv('{truth}/posts.csv', types = {{
            'creator_id': 'varchar', 'post_id': 'varchar'}})
        """
    )
    connection.execute(
        f"create view truth_comments as select * from read_parquet('{truth}/comments.parquet')"
    )
    connection.execute(
        f"create view bots as select * from read_csv('{truth}/bot_accounts.csv', all_varchar=true)"
    )
    # One row per post: its creator and posting time.
    connection.execute(
        """
        create view post_owners as
        select distinct platform, post_id, creator_id, posted_at from posts
        """
    )
    connection.execute(
        """
        create table labelled_comments as
        select c.*, k.kind, k.is_inauthentic, o.creator_id, o.posted_at,
               c.created_at - o.posted_at as delay
        from comments as c
        join truth_comments as k on k.platform = c.platform and k.comment_id = c.comment_id
        join post_owners as o on o.platform = c.platform and o.post_id = c.post_id
        """
    )
    return connection


def _records_as_json(folder: Path) -> str:
    """All records of one entity folder as json text, whatever the file format."""
    parts = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = str(path)
        if path.name.endswith((".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")):
            parts.append(f"select json as j from read_ndjson_objects('{name}')")
        elif path.name.endswith((".csv", ".csv.gz")):
            parts.append(
                f"select to_json(t)::json as j from read_csv('{name}', all_varchar=true) t"
            )
        elif path.name.endswith(".parquet"):
            parts.append(f"select to_json(t)::json as j from read_parquet('{name}') t")
        else:
            raise AssertionError(f"unexpected file {path}")
    return " union all ".join(parts)


def _file_hashes(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _row(db, sql: str) -> tuple:
    return db.execute(sql).fetchall()[0]  # fetchall: fetchone leaves the result open


def _scalar(db, sql: str):
    return _row(db, sql)[0]


# Determinism and layout -------------------------------------------------------------------------


def test_same_seed_gives_same_bytes_and_another_seed_differs(tmp_path):
    first = generate_dumps(tmp_path / "a" / "dumps", creators=60, seed=7, end_date=END_DATE)
    again = generate_dumps(tmp_path / "b" / "dumps", creators=60, seed=7, end_date=END_DATE)
    other = generate_dumps(tmp_path / "c" / "dumps", creators=60, seed=8, end_date=END_DATE)
    assert _file_hashes(first.out_dir) == _file_hashes(again.out_dir)
    assert _file_hashes(first.truth_dir) == _file_hashes(again.truth_dir)
    assert _file_hashes(first.out_dir) != _file_hashes(other.out_dir)


def test_every_folder_and_format_is_present(generated):
    endings = {
        entity: {".".join(path.name.split(".")[1:]) for path in paths}
        for entity, paths in generated.files.items()
    }
    assert endings["posts"] == {"jsonl.gz", "csv.gz"}
    assert endings["comments"] == {"parquet"}
    assert endings["profiles"] == {"csv", "ndjson"}
    for entity in ENTITIES:
        assert all(
            path.is_relative_to(generated.out_dir / entity) for path in generated.files[entity]
        )


def test_summary_rows_match_the_files(db, generated):
    for entity, rows in generated.rows.items():
        assert _scalar(db, f"select count(*) from {entity}_json") == rows


def test_default_size_is_in_the_target_range(db):
    assert 3_000 <= _scalar(db, "select count(distinct post_id) from posts") <= 8_000
    assert 150_000 <= _scalar(db, "select count(*) from comments") <= 300_000


def test_truth_dir_lies_outside_the_dumps(generated, tmp_path):
    assert generated.truth_dir == generated.out_dir.parent / "truth"
    assert not generated.truth_dir.is_relative_to(generated.out_dir)
    assert {p.name for p in generated.truth_dir.iterdir()} == {
        "creators.csv",
        "posts.csv",
        "comments.parquet",
        "bot_accounts.csv",
        "README.md",
    }
    with pytest.raises(ValueError, match="outside"):
        generate_dumps(tmp_path / "dumps", creators=5, truth_dir=tmp_path / "dumps" / "truth")


# The input contract -----------------------------------------------------------------------------


@pytest.mark.parametrize("entity", list(ENTITIES))
def test_fields_are_in_the_contract_and_required_ones_never_null(db, entity):
    fields = {field.name: field for field in ENTITIES[entity].fields}
    keys = {
        row[0]
        for row in db.execute(f"select distinct unnest(json_keys(j)) from {entity}_json").fetchall()
    }
    assert keys <= set(fields)
    for field in fields.values():
        if field.required:
            nulls = _scalar(
                db, f"select count(*) from {entity}_json where j->>'{field.name}' is null"
            )
            assert nulls == 0, f"{entity}.{field.name} has {nulls} nulls"
        if field.type.value == "integer":
            negative = _scalar(
                db, f"select count(*) from {entity}_json where (j->>'{field.name}')::bigint < 0"
            )
            assert negative == 0, f"{entity}.{field.name} has negative values"


def test_platforms_are_lower_case_and_known(db):
    for entity in ENTITIES:
        platforms = {
            row[0] for row in db.execute(f"select distinct platform from {entity}").fetchall()
        }
        assert platforms == {"instagram", "tiktok", "youtube"}


def test_timestamps_mix_formats(db):
    posted = [row[0] for row in db.execute("select j->>'posted_at' from posts_json").fetchall()]
    assert any(value.endswith("Z") for value in posted)
    assert any(value.endswith("+02:00") for value in posted)
    epoch = _scalar(
        db, "select count(*) from comments_json where regexp_full_match(j->>'created_at', '[0-9]+')"
    )
    assert epoch > 0


def test_ids_are_unique_per_platform(db):
    assert (
        _scalar(
            db,
            "select count(*) from (select platform, post_id from post_owners group by all "
            "having count(distinct creator_id) > 1 or count(distinct posted_at) > 1)",
        )
        == 0
    )
    assert (
        _scalar(db, "select count(*) - count(distinct (platform, comment_id)) from comments") == 0
    )
    assert (
        _scalar(
            db, "select count(*) - count(distinct (platform, creator_id, scraped_at)) from profiles"
        )
        == 0
    )


def test_snapshot_times_are_ordered_and_before_the_end_date(db):
    end = f"'{END_DATE}'::timestamptz"
    assert _scalar(db, "select count(*) from posts where scraped_at < posted_at") == 0
    assert _scalar(db, f"select max(scraped_at) <= {end} from posts")
    assert _scalar(db, f"select max(scraped_at) <= {end} from profiles")
    assert _scalar(db, f"select max(scraped_at) <= {end} from comments")
    snapshots = db.execute(
        "select min(n), max(n) from (select count(*) as n from posts group by platform, post_id)"
    ).fetchall()[0]
    assert snapshots == (1, 3)


def test_post_counts_grow_between_snapshots(db):
    shrinking = _scalar(
        db,
        """
        select count(*) from (
            select likes - lag(likes) over w as likes_change,
                   comments - lag(comments) over w as comments_change
            from posts window w as (partition by platform, post_id order by scraped_at)
        ) where likes_change < 0 or comments_change < 0
        """,
    )
    assert shrinking == 0


def test_null_counts_follow_the_platforms(db):
    assert _scalar(db, "select count(saves) from posts where platform = 'youtube'") == 0
    assert (
        _scalar(
            db, "select count(views) from posts where j->>'media_type' in ('photo', 'carousel')"
        )
        == 0
    )
    assert (
        _scalar(db, "select count(*) from posts where platform = 'tiktok' and views is null") == 0
    )


def test_captions_carry_their_hashtags(db):
    """TikTok leaves the hashtags field out; every caption carries its post's tags, and the
    posts without any tag (about one in eight) have no '#' at all."""
    assert (
        _scalar(
            db,
            "select count(*) from posts_json where j->>'hashtags' is not null "
            "and j->>'platform' = 'tiktok'",
        )
        == 0
    )
    mismatched = _scalar(
        db,
        """
        with tags as (
            select case when platform = 'instagram'
                        then from_json(j->'hashtags', '["varchar"]')
                        else coalesce(string_split(nullif(j->>'hashtags', ''), ' '), [])
                   end as listed,
                   regexp_extract_all(caption, '#([^\\s#]+)', 1) as in_caption
            from posts where platform <> 'tiktok'
        )
        select count(*) from tags where listed <> in_caption
        """,
    )
    assert mismatched == 0
    untagged = _scalar(db, "select avg((caption not like '%#%')::int) from posts")
    assert 0.05 <= untagged <= 0.25


def test_comments_follow_their_post_and_precede_their_scrape(db):
    orphans = _scalar(
        db, "select count(*) from comments anti join post_owners using (platform, post_id)"
    )
    assert orphans == 0
    early = _scalar(
        db,
        """
        select count(*) from comments join post_owners using (platform, post_id)
        where created_at <= posted_at or scraped_at < created_at
        """,
    )
    assert early == 0


def test_replies_come_from_the_creator_after_an_existing_parent(db):
    replies = db.execute(
        """
        select count(*),
               count(parent.comment_id),
               count_if(reply.created_at > parent.created_at),
               count_if(reply.author_id = owner.creator_id)
        from comments as reply
        left join comments as parent
            on parent.platform = reply.platform and parent.comment_id = reply.parent_comment_id
        join post_owners as owner on owner.platform = reply.platform
            and owner.post_id = reply.post_id
        where reply.parent_comment_id is not null
        """
    ).fetchall()[0]
    total = replies[0]
    assert total > 0
    assert replies == (total, total, total, total)


def test_some_fans_comment_on_several_posts_of_a_creator(db):
    repeat_fans = _scalar(
        db,
        """
        select count(*) from (
            select c.platform, c.author_id, o.creator_id
            from comments as c join post_owners as o using (platform, post_id)
            where c.author_id <> o.creator_id
            group by all having count(distinct c.post_id) >= 3
        )
        """,
    )
    assert repeat_fans > 100


# Creators, tiers and fraud ground truth ---------------------------------------------------------


def test_truth_covers_every_creator_once(db):
    assert _scalar(db, "select count(*) - count(distinct creator_key) from truth") == 0
    assert (
        _scalar(
            db,
            "select count(*) from (select distinct platform, creator_id from posts) "
            "anti join truth using (platform, creator_id)",
        )
        == 0
    )
    assert (
        _scalar(db, "select count_if(creator_key <> platform || ':' || creator_id) from truth") == 0
    )


def test_tiers_and_fraud_shares_are_roughly_as_configured(db):
    shares = db.execute(
        """
        select count_if(follower_tier = 'micro') / count(*), count_if(bought_followers) / count(*),
               count_if(bot_comments) / count(*), count_if(engagement_pod) / count(*),
               count_if(bought_likes) / count(*)
        from truth
        """
    ).fetchall()[0]
    micro, *fraud = shares
    assert 0.5 <= micro <= 0.8
    for share in fraud:
        assert 0.03 <= share <= 0.15


def test_profiles_cover_most_creators(db):
    covered = _scalar(
        db, "select avg((creator_id in (select creator_id from profiles))::int) from truth"
    )
    assert 0.75 <= covered <= 0.95


def test_pods_are_groups_of_six_to_ten_on_one_platform(db):
    pods = db.execute(
        """
        select count(*), count(distinct platform) from truth where engagement_pod group by pod_id
        """
    ).fetchall()
    assert pods
    assert all(6 <= size <= 10 and platforms == 1 for size, platforms in pods)


def test_truth_labels_every_dump_comment_once_with_a_known_kind(db):
    counts = _row(
        db,
        """
        select (select count(*) from comments), (select count(*) from truth_comments),
               (select count(*) from labelled_comments),
               (select count(*) from labelled_comments as l join truth_comments as k
                    using (platform, comment_id)
                where k.post_id <> l.post_id or k.author_id <> l.author_id
                    or k.creator_id <> l.creator_id)
        """,
    )
    dump_rows = counts[0]
    assert counts == (dump_rows, dump_rows, dump_rows, 0)
    kinds = dict(db.execute("select distinct kind, is_inauthentic from truth_comments").fetchall())
    assert kinds == KINDS


def test_truth_flags_agree_with_the_comments_and_posts(db):
    """is_clean is the absence of the four flags; the share columns match the comment labels."""
    assert (
        _scalar(
            db,
            """
            select count(*) from truth
            where is_clean = (bought_followers or bot_comments or engagement_pod or bought_likes)
               or (has_viral_spike and not is_clean)
               or (engagement_pod <> (pod_id is not null))
            """,
        )
        == 0
    )
    mismatches = _scalar(
        db,
        """
        with recomputed as (
            select platform, creator_id, avg((kind like 'bot%')::int) as bot_share,
                   avg((kind like 'spam%')::int) as spam_share
            from labelled_comments group by all
        )
        select count(*) from truth join recomputed using (platform, creator_id)
        where abs(bot_comment_share - bot_share) > 0.0001
           or abs(spam_comment_share - spam_share) > 0.0001
        """,
    )
    assert mismatches == 0
    posts = _row(
        db,
        """
        select count(*) filter (where p.has_bought_likes and not t.bought_likes),
               count(*) filter (where p.is_viral_post and not t.has_viral_spike),
               count(*) filter (where p.pod_commented and not t.engagement_pod)
        from truth_posts as p join truth as t using (platform, creator_id)
        """,
    )
    assert posts == (0, 0, 0)


def test_bot_accounts_are_the_bot_and_spam_authors(db):
    authors = {
        (platform, author, "bot" if kind.startswith("bot") else "spammer")
        for platform, author, kind in db.execute(
            "select distinct platform, author_id, kind from labelled_comments "
            "where kind like 'bot%' or kind like 'spam%'"
        ).fetchall()
    }
    listed = set(db.execute("select platform, author_id, account_kind from bots").fetchall())
    assert authors == listed
    farms = db.execute(
        "select platform, count(distinct farm_id), count(*) from bots "
        "where account_kind = 'bot' group by all"
    ).fetchall()
    assert all(farm_count >= 2 and 50 <= size <= 360 for _, farm_count, size in farms)


def test_the_snapshot_comment_count_includes_inauthentic_comments_seen(db):
    """Every bot, pod and spam comment in the dump counts in each snapshot scraped after it."""
    undercounted = _scalar(
        db,
        """
        select count(*) from (
            select p.platform, p.post_id, p.scraped_at, any_value(p.comments) as comments,
                   count(l.comment_id) as inauthentic_seen
            from posts as p
            left join labelled_comments as l on l.platform = p.platform
                and l.post_id = p.post_id and l.is_inauthentic and l.created_at <= p.scraped_at
            group by all
        ) where comments < inauthentic_seen
        """,
    )
    assert undercounted == 0


def test_bought_followers_jump_between_weekly_snapshots(db):
    """Buyers' largest weekly step is a jump; clean creators without a viral post grow slowly."""
    steps = db.execute(
        """
        with steps as (
            select platform, creator_id,
                   followers / lag(followers) over w as ratio,
                   scraped_at - lag(scraped_at) over w as gap
            from profiles
            window w as (partition by platform, creator_id order by scraped_at)
        )
        select t.bought_followers, t.has_viral_spike, min(biggest), max(biggest),
               max(longest_gap)
        from (select platform, creator_id, max(ratio) as biggest, max(gap) as longest_gap
              from steps group by all) join truth as t using (platform, creator_id)
        where t.bought_followers or t.is_clean
        group by all
        """
    ).fetchall()
    by_case = {(bought, viral): rest for bought, viral, *rest in steps}
    bought_min, _, bought_gap = by_case[(True, False)]
    _, steady_max, steady_gap = by_case[(False, False)]
    assert bought_min >= 1.1
    assert steady_max < 1.06
    assert max(bought_gap, steady_gap).total_seconds() <= 7 * 86400


def test_engagement_does_not_follow_bought_followers(db):
    """Likes per follower, by post, drop once the followers jump (per creator, after vs before)."""
    ratio = _scalar(
        db,
        """
        with rates as (
            select p.creator_id, p.likes / p.creator_followers as rate,
                   p.creator_followers > 1.25 * min(p.creator_followers) over (
                       partition by p.platform, p.creator_id) as after_jump
            from posts as p join truth as t using (platform, creator_id)
            where t.bought_followers and not t.bought_likes and p.creator_followers > 0
        ),
        per_creator as (
            select creator_id,
                   median(rate) filter (where after_jump)
                       / median(rate) filter (where not after_jump) as change
            from rates group by all
        )
        select median(change) from per_creator
        """,
    )
    assert ratio < 0.75


def test_bought_likes_show_as_likes_per_comment_on_boosted_posts(db):
    medians = dict(
        db.execute(
            """
            select b.has_bought_likes, median(p.likes / p.comments)
            from posts as p join truth_posts as b using (platform, post_id)
            where p.comments > 0 group by all
            """
        ).fetchall()
    )
    assert medians[True] > 3 * medians[False]


def test_bots_comment_within_minutes_on_bot_creators_only(db):
    bot_comments = db.execute(
        """
        select l.kind, l.text, l.delay, t.bot_comments
        from labelled_comments as l
        join bots as b on b.platform = l.platform and b.author_id = l.author_id
        join truth as t on t.platform = l.platform and t.creator_id = l.creator_id
        where b.account_kind = 'bot'
        """
    ).fetchall()
    assert bot_comments
    assert {kind for kind, *_ in bot_comments} == {"bot_generic", "bot_copy_paste", "bot_plausible"}
    assert all(on_bot_creator for *_, on_bot_creator in bot_comments)
    texts: dict[str, set[str]] = {}
    for kind, text, *_ in bot_comments:
        texts.setdefault(kind, set()).add(text)
    assert texts["bot_generic"] <= set(BOT_GENERIC_TEXTS)
    assert {text.lower() for text in texts["bot_copy_paste"]} <= {
        text.lower() for text in BOT_COPY_PASTE_TEXTS
    }
    within = sum(delay.total_seconds() <= 30 * 60 for _, _, delay, _ in bot_comments)
    assert 0.75 <= within / len(bot_comments) < 1


def test_generic_bots_reuse_their_text(db):
    reuse = _scalar(
        db,
        """
        select median(top_share) from (
            select author_id, max(n) / sum(n) as top_share from (
                select author_id, text, count(*) as n from labelled_comments
                where kind = 'bot_generic' group by all
            ) group by all having sum(n) >= 10
        )
        """,
    )
    assert reuse > 0.5


def test_bot_pod_and_spam_shares_of_comments(db):
    shares = db.execute(
        """
        with labelled as (
            select platform, creator_id, (kind like 'bot%')::int as by_bot,
                   (kind = 'pod')::int as by_pod, (kind like 'spam%')::int as by_spammer,
                   -- a pod comment is a fellow creator's
                   (author_id <> creator_id and author_id in (select creator_id from truth))::int
                       as by_creator
            from labelled_comments
        )
        select t.bot_comments, t.engagement_pod, median(bot_share), median(pod_share),
               median(spam_share), max(creator_share - pod_share)
        from (select platform, creator_id, avg(by_bot) as bot_share, avg(by_pod) as pod_share,
                     avg(by_spammer) as spam_share, avg(by_creator) as creator_share
              from labelled group by all)
        join truth as t using (platform, creator_id)
        where not t.bought_likes and not t.bought_followers
        group by all
        """
    ).fetchall()
    by_flags = {(bot, pod): rest for bot, pod, *rest in shares}
    assert 0.2 <= by_flags[(True, False)][0] <= 0.7
    assert 0.2 <= by_flags[(False, True)][1] <= 0.55
    clean_bot, clean_pod, clean_spam, _ = by_flags[(False, False)]
    assert (clean_bot, clean_pod) == (0, 0)
    assert 0.005 <= clean_spam <= 0.03
    assert all(row[-1] == 0 for row in by_flags.values())  # creators comment only in pods


def test_pod_members_comment_on_each_other_mostly_within_the_hour(db):
    pod_comments = db.execute(
        """
        select author.pod_id = owner.pod_id, owner.pod_timing, l.delay
        from labelled_comments as l
        join truth as owner using (platform, creator_id)
        join truth as author on author.platform = l.platform and author.creator_id = l.author_id
        where l.kind = 'pod'
        """
    ).fetchall()
    assert pod_comments
    assert all(same_pod for same_pod, _, _ in pod_comments)
    fast = [delay for _, timing, delay in pod_comments if timing == "within_hour"]
    assert sum(delay.total_seconds() <= 3600 for delay in fast) / len(fast) >= 0.85
