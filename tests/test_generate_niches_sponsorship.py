"""Niches and sponsored posts in the generated dumps: the truth agrees with what the dumps show.

A dump set of its own (another seed), read back from the written files with the views of
test_generate. Each check recomputes from the dumps what the truth claims: the niche a post is
about and where it shows, and how a sponsored post discloses it.
"""

from __future__ import annotations

import re
from statistics import median

import pytest
from test_generate import END_DATE, open_generated

from synthetic import generate_dumps
from synthetic.vocabulary import GENERIC_HASHTAGS, NICHES, niche_texts
from synthetic.vocabulary_niches import (
    CAPTION_LANGUAGES,
    DISCLOSURE_CAPTIONS,
    DISCLOSURE_HASHTAGS,
    LOCAL_NICHE_TEXTS,
)

NICHE_TAGS = {
    niche: {
        tag for language in CAPTION_LANGUAGES for tag in niche_texts(niche, language)["hashtags"]
    }
    for niche in NICHES
}
ALL_NICHE_TAGS = set().union(*NICHE_TAGS.values())
DISCLOSURE_TAGS = {tag for tags in DISCLOSURE_HASHTAGS.values() for tag in tags}
# The fixed words of each caption disclosure ("paid partnership with", "Anzeige |").
DISCLOSURE_WORDS = [
    piece.strip()
    for templates in DISCLOSURE_CAPTIONS.values()
    for template in templates
    for piece in re.split(r"\{caption\}|\{brand\}", template)
    if re.search(r"[A-Za-z]{2}", piece)  # not the bare ")" closing a template
]


def _phrases(niche: str, language: str | None = None) -> list[str]:
    languages = [language] if language else CAPTION_LANGUAGES
    return [phrase for lang in languages for phrase in niche_texts(niche, lang)["phrases"]]


def _tags(caption: str) -> list[str]:
    return re.findall(r"#([^\s#]+)", caption)


def _discloses(caption: str) -> tuple[bool, bool]:
    """(a disclosure hashtag, disclosure words) in the caption."""
    words = caption.split(" #")[0]  # the words before the hashtags
    return (
        bool(set(_tags(caption)) & DISCLOSURE_TAGS),
        any(fragment in words for fragment in DISCLOSURE_WORDS),
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    root = tmp_path_factory.mktemp("niches_sponsorship")
    return generate_dumps(root / "dumps", creators=300, seed=11, end_date=END_DATE)


@pytest.fixture(scope="module")
def db(generated):
    connection = open_generated(generated)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def posts(db) -> list[dict]:
    """One row per post: its caption and sponsored flag from the dumps, its truth and creator's."""
    rows = db.execute(
        """
        with dumped as (
            select platform, post_id, any_value(caption) as caption,
                   count(distinct coalesce((j->>'is_sponsored')::boolean::varchar, 'null'))
                       as flag_values,
                   any_value((j->>'is_sponsored')::boolean) as is_sponsored
            from posts group by all
        )
        select d.caption, d.flag_values, d.is_sponsored, p.niche, p.niche_visible_in,
               p.caption_language, p.is_sponsored_truth, p.sponsorship_disclosure,
               p.creator_id, t.niche as creator_niche, t.secondary_niche,
               t.generic_hashtags_only, t.caption_language as creator_language
        from dumped as d
        join truth_posts as p using (platform, post_id)
        join truth as t on t.platform = p.platform and t.creator_id = p.creator_id
        """
    )
    names = [column[0] for column in rows.description]
    return [dict(zip(names, row, strict=True)) for row in rows.fetchall()]


# The vocabulary -------------------------------------------------------------------------------


def test_thirteen_niches_with_words_in_every_caption_language():
    assert len(NICHES) == 13 and "sustainability" in NICHES
    for niche in NICHES:
        assert set(LOCAL_NICHE_TEXTS[niche]) == set(CAPTION_LANGUAGES) - {"en"}, niche
        for language in CAPTION_LANGUAGES:
            texts = niche_texts(niche, language)
            assert all(texts[key] for key in ("phrases", "hashtags", "bio")), (niche, language)


def test_hashtags_tell_one_niche_and_disclosures_no_niche():
    """No hashtag belongs to two niches, and none is generic or a disclosure."""
    for niche, tags in NICHE_TAGS.items():
        others = set().union(*(t for other, t in NICHE_TAGS.items() if other != niche))
        assert not tags & others, niche
    assert not ALL_NICHE_TAGS & set(GENERIC_HASHTAGS)
    assert not DISCLOSURE_TAGS & (ALL_NICHE_TAGS | set(GENERIC_HASHTAGS))


def test_niche_phrases_name_one_niche():
    for niche in NICHES:
        for phrase in _phrases(niche):
            owners = [other for other in NICHES if any(phrase in p for p in _phrases(other))]
            assert owners == [niche], phrase


# Niches ---------------------------------------------------------------------------------------


def test_every_niche_appears_among_creators_and_posts(db):
    creator_niches = {n for (n,) in db.execute("select distinct niche from truth").fetchall()}
    post_niches = {n for (n,) in db.execute("select distinct niche from truth_posts").fetchall()}
    assert creator_niches == set(NICHES)
    assert post_niches == set(NICHES)


def test_secondary_niches_cover_a_quarter_of_creators_and_their_share_of_posts(db):
    rows = db.execute(
        """
        select t.creator_key, t.niche, t.secondary_niche, t.secondary_niche_share, t.posts,
               count(*) as post_rows,
               count_if(p.niche = t.secondary_niche) / count(*) as recomputed,
               count_if(p.niche not in (t.niche, coalesce(t.secondary_niche, t.niche)))
                   as stray
        from truth as t join truth_posts as p using (platform, creator_id)
        group by all
        """
    ).fetchall()
    with_secondary = [row for row in rows if row[2] is not None]
    assert 0.17 <= len(with_secondary) / len(rows) <= 0.33
    for key, niche, secondary, share, posts, post_rows, recomputed, stray in rows:
        assert stray == 0 and posts == post_rows, key
        if secondary is None:
            assert share == 0, key
            continue
        assert secondary != niche, key
        assert abs(share - recomputed) <= 0.0001, key
        # The drawn 15-35%, rounded to whole posts (at least one).
        assert 1 / posts - 0.0001 <= share <= 0.35 + 0.5 / posts, key
    shares = [row[3] for row in with_secondary]
    assert 0.2 <= median(shares) <= 0.3


def test_where_the_niche_shows_agrees_with_the_dumps(posts):
    """hashtags: a tag of the post's niche; caption: its phrase, no niche tag; none: neither."""
    for post in posts:
        caption, niche, visible = post["caption"], post["niche"], post["niche_visible_in"]
        tags = set(_tags(caption))
        words = caption.split(" #")[0]
        assert tags <= ALL_NICHE_TAGS | set(GENERIC_HASHTAGS) | DISCLOSURE_TAGS, caption
        assert not tags & (ALL_NICHE_TAGS - NICHE_TAGS[niche]), caption  # no other niche's tag
        if visible == "hashtags":
            assert tags & NICHE_TAGS[niche], caption
            continue
        assert not tags & ALL_NICHE_TAGS, caption
        in_language = any(p in words for p in _phrases(niche, post["caption_language"]))
        any_niche = any(p in words for other in NICHES for p in _phrases(other))
        if visible == "caption":
            assert in_language, caption
        else:
            assert visible == "none" and not any_niche, caption


def test_a_quarter_of_posts_carry_no_niche_hashtag(posts):
    visible = [post["niche_visible_in"] for post in posts]
    without_tags = sum(v != "hashtags" for v in visible) / len(visible)
    assert 0.18 <= without_tags <= 0.33
    assert 0.02 <= visible.count("none") / len(visible) <= 0.15
    untagged = sum("#" not in post["caption"] for post in posts) / len(posts)
    assert 0.05 <= untagged <= 0.2


def test_some_creators_tag_only_generically(posts, db):
    """About one creator in ten leaves niche hashtags off most posts; their niche shows in the
    profile (bio or category) or in caption words instead."""
    creators: dict[str, list[dict]] = {}
    for post in posts:
        creators.setdefault(post["creator_id"], []).append(post)
    generic = {c for c, rows in creators.items() if rows[0]["generic_hashtags_only"]}
    assert 0.05 <= len(generic) / len(creators) <= 0.16

    def tagged(rows: list[dict]) -> float:
        return sum(row["niche_visible_in"] == "hashtags" for row in rows) / len(rows)

    assert median(tagged(creators[c]) for c in generic) <= 0.3
    assert median(tagged(rows) for c, rows in creators.items() if c not in generic) >= 0.7
    profiles = db.execute(
        "select j->>'creator_id', j->>'bio', j->>'category' from profiles_json"
    ).fetchall()
    shown = set()
    for creator, bio, category in profiles:
        if creator not in generic:
            continue
        niche = creators[creator][0]["creator_niche"]
        phrases = [p for lang in CAPTION_LANGUAGES for p in niche_texts(niche, lang)["bio"]]
        if (bio and any(p in bio for p in phrases)) or category in NICHES[niche]["category"]:
            shown.add(creator)
    shown |= {c for c in generic if any(r["niche_visible_in"] == "caption" for r in creators[c])}
    assert len(shown) >= 0.9 * len(generic)


def test_local_creators_caption_in_their_language_with_local_hashtags(posts):
    by_language: dict[str, list[dict]] = {}
    for post in posts:
        if post["creator_language"] is None:
            assert post["caption_language"] == "en", post["caption"]
        else:
            assert post["caption_language"] in ("en", post["creator_language"])
        by_language.setdefault(post["caption_language"], []).append(post)
    assert set(by_language) == set(CAPTION_LANGUAGES)
    for language in CAPTION_LANGUAGES[1:]:
        local_posts = by_language[language]
        local_tags = {
            tag for niche in NICHES for tag in LOCAL_NICHE_TEXTS[niche][language]["hashtags"]
        }
        with_local_tag = sum(bool(set(_tags(p["caption"])) & local_tags) for p in local_posts)
        assert with_local_tag >= 0.2 * len(local_posts), language
        named = [p for p in local_posts if p["niche_visible_in"] == "caption"]
        assert named, language


# Sponsored posts ------------------------------------------------------------------------------


def test_sponsorship_disclosure_agrees_with_the_dumps(posts):
    kinds: dict[str | None, int] = {}
    organic_nulls = 0
    for post in posts:
        caption, disclosure, flag = (
            post["caption"],
            post["sponsorship_disclosure"],
            post["is_sponsored"],
        )
        by_tag, by_words = _discloses(caption)
        kinds[disclosure] = kinds.get(disclosure, 0) + 1
        assert post["flag_values"] == 1, caption  # the same flag on every snapshot
        assert post["is_sponsored_truth"] == (disclosure is not None), caption
        if disclosure == "flag":
            assert flag is True, caption
            continue
        assert flag is not True, caption
        if disclosure == "hashtag":
            assert by_tag and not by_words, caption
        elif disclosure == "caption":
            assert by_words and not by_tag, caption
        else:  # undisclosed, or organic: nothing gives it away
            assert not by_tag and not by_words, caption
            organic_nulls += disclosure is None and flag is None
    sponsored = sum(n for kind, n in kinds.items() if kind is not None)
    assert 0.03 <= sponsored / len(posts) <= 0.15
    assert 0.55 <= kinds["flag"] / sponsored <= 0.8
    assert 0.05 <= kinds["none"] / sponsored <= 0.16
    assert kinds["hashtag"] > 0 and kinds["caption"] > 0
    assert 0.02 <= organic_nulls / kinds[None] <= 0.08


def test_labelled_posts_sometimes_disclose_in_words_too_and_in_several_languages(posts):
    labelled = [p for p in posts if p["sponsorship_disclosure"] == "flag"]
    in_words = sum(any(_discloses(p["caption"])) for p in labelled)
    assert 0.25 <= in_words / len(labelled) <= 0.55
    local_disclosures = {
        tag for language, tags in DISCLOSURE_HASHTAGS.items() if language != "en" for tag in tags
    }
    used = {tag for p in posts for tag in _tags(p["caption"]) if tag in local_disclosures}
    assert len(used) >= 4


def test_organic_posts_carry_traps_but_no_disclosure(posts):
    """Some organic posts tag a brand or say "not sponsored": words, never a disclosure."""
    organic = [p["caption"] for p in posts if not p["is_sponsored_truth"]]
    notes = sum(
        bool(
            re.search(
                r"not sponsored|not an ad|no es publi|não é publi|nicht "
                r"gesponsert|pas sponsorisé|non sponsorizzato",
                c,
            )
        )
        for c in organic
    )
    assert notes > 0
    assert sum("@" in c for c in organic) > notes


def test_sponsored_rates_per_creator(db):
    rows = db.execute(
        """
        select t.sponsored_post_rate, t.sponsored_posts, t.posts, count_if(p.is_sponsored_truth)
        from truth as t join truth_posts as p using (platform, creator_id) group by all
        """
    ).fetchall()
    assert all(listed == counted for _, listed, _, counted in rows)
    rates = [rate for rate, *_ in rows]
    low = sum(rate <= 0.05 for rate in rates) / len(rates)
    high = sum(0.10 <= rate <= 0.30 for rate in rates) / len(rates)
    assert low + high == 1
    assert 0.6 <= low <= 0.9
    high_posts = [(s, n) for rate, s, n, _ in rows if rate >= 0.10]
    assert 0.1 <= sum(s for s, _ in high_posts) / sum(n for _, n in high_posts) <= 0.3


def test_sponsored_posts_usually_do_worse_some_better(db):
    """Likes per follower, measured from the dumps, follow the creator's truth factor."""
    rows = db.execute(
        """
        with last as (
            select platform, post_id, arg_max(likes, scraped_at) as likes,
                   arg_max(views, scraped_at) as views,
                   arg_max(creator_followers, scraped_at) as followers
            from posts group by all
        ),
        per_creator as (
            select t.creator_key, any_value(t.sponsored_engagement_factor) as factor,
                   count_if(p.is_sponsored_truth) as sponsored,
                   median(l.likes / l.followers) filter (where p.is_sponsored_truth)
                       / median(l.likes / l.followers) filter (where not p.is_sponsored_truth)
                       as likes_lift,
                   median(l.views / l.likes) filter (where p.is_sponsored_truth)
                       / median(l.views / l.likes) filter (where not p.is_sponsored_truth)
                       as views_per_like_lift
            from last as l
            join truth_posts as p using (platform, post_id)
            join truth as t on t.platform = p.platform and t.creator_id = p.creator_id
            where not t.bought_likes and not t.bought_followers and not p.is_viral_post
                and l.followers > 0 and l.likes > 0
            group by all
        )
        select factor, likes_lift, views_per_like_lift from per_creator where sponsored >= 3
        """
    ).fetchall()
    factors = [
        factor
        for factor, *_ in db.execute("select sponsored_engagement_factor from truth").fetchall()
    ]
    assert 0.65 <= median(factors) <= 0.85
    assert 0.08 <= sum(f > 1 for f in factors) / len(factors) <= 0.35
    assert len(rows) >= 15
    assert 0.7 <= median(lift / factor for factor, lift, _ in rows) <= 1.4
    better = [lift for factor, lift, _ in rows if factor > 1.1]
    worse = [lift for factor, lift, _ in rows if factor < 0.7]
    assert better and worse and median(better) > median(worse)
    # Views fall less than likes on a poorly doing creator's paid posts.
    views = [v for factor, _, v in rows if factor < 0.8 and v is not None]
    assert views and median(views) > 1.05


def test_truth_readme_describes_the_new_columns(generated):
    text = (generated.truth_dir / "README.md").read_text()
    for column in (
        "secondary_niche", "secondary_niche_share", "generic_hashtags_only", "caption_language",
        "local_caption_share", "sponsored_post_rate", "sponsored_posts",
        "sponsored_engagement_factor", "niche_visible_in", "is_sponsored_truth",
        "sponsorship_disclosure",
    ):  # fmt: skip
        assert f"`{column}`" in text, column
    assert "sustainability" in text
