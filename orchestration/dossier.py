"""One creator's vetting dossier (`bignoise explain`), read from the served database.

`find_creators` resolves what the user typed (a creator_key, a creator_id or a handle) to
creator keys; `dossier_data` gathers everything the marts say about one creator as a JSON-ready
dict (fractions stay fractions, unknown values are None); `dossier_text` writes that dict for a
person to read: percents, plain words, and "n/a" where a figure is unknown.
"""

from __future__ import annotations

import math
import textwrap
from datetime import datetime
from pathlib import Path

import duckdb

from orchestration.report import (
    NOT_AVAILABLE,
    TIER_LABELS,
    format_money,
    format_number,
    format_percent,
    is_missing,
    release_line,
)

HISTORY_SNAPSHOTS = 8
WIDTH = 100  # text lines are wrapped at this width
MAX_EXAMPLES = 5

CANDIDATE_COLUMNS = "creator_key, platform, creator_id, handle, followers, follower_tier"

SPONSORSHIP_SOURCES = {
    "is_sponsored": "the platform's paid-partnership flag",
    "disclosure_hashtag": "a disclosure hashtag (#ad, #sponsored ...)",
    "disclosure_caption": "a disclosure phrase in the caption",
}
COST_SOURCES = {
    "rate_card_seed": "the built-in rate card, published list prices for this platform and band",
    "user_band": "your rate card, the row for this platform and follower band",
    "user_creator": "your rate card, this creator's own row",
}
VERDICTS = {
    "flagged": "FLAGGED",
    "credited": "CREDIT",
    "clear": "clear",
    "not_measured": "not measured",
    "not_scored": "not scored",
}


class CreatorNotFound(LookupError):
    """No creator matches; `suggestions` holds close handles (maybe none)."""

    def __init__(self, query: str, suggestions: list[dict]):
        super().__init__(query)
        self.query = query
        self.suggestions = suggestions


def _rows(connection: duckdb.DuckDBPyConnection, sql: str, parameters=()) -> list[dict]:
    cursor = connection.execute(sql, list(parameters))
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _one(connection: duckdb.DuckDBPyConnection, sql: str, parameters=()) -> dict:
    found = _rows(connection, sql, parameters)
    return found[0] if found else {}


def find_creators(database: Path, query: str) -> list[dict]:
    """The creators `query` names, case-insensitively: an exact creator_key ('instagram:123')
    first; else every creator whose creator_id or handle (with or without '@') it is, also as
    'platform:handle'. Raises CreatorNotFound, with close handles, when nothing matches."""
    text = query.strip()
    handle = text.removeprefix("@")
    with duckdb.connect(str(database), read_only=True) as connection:
        found = _rows(
            connection,
            f"select {CANDIDATE_COLUMNS} from dim_creators where lower(creator_key) = lower(?)",
            [text],
        )
        if found:
            return found
        platform, _, rest = text.partition(":")
        if rest:  # 'youtube:@dan.tech' or 'youtube:dan.tech'
            found = _rows(
                connection,
                f"select {CANDIDATE_COLUMNS} from dim_creators"
                " where lower(platform) = lower(?) and lower(handle) = lower(?)",
                [platform, rest.removeprefix("@")],
            )
        else:
            found = _rows(
                connection,
                f"select {CANDIDATE_COLUMNS} from dim_creators"
                " where lower(creator_id) = lower(?) or lower(handle) = lower(?)"
                " order by platform, handle, creator_key",
                [text, handle],
            )
        if found:
            return found
        raise CreatorNotFound(query, _close_handles(connection, rest or handle))


def _close_handles(connection: duckdb.DuckDBPyConnection, handle: str) -> list[dict]:
    """Handles containing what was typed, else the most similar ones (Jaro-Winkler >= 0.8)."""
    if not handle:
        return []
    containing = _rows(
        connection,
        f"select {CANDIDATE_COLUMNS} from dim_creators"
        " where contains(lower(handle), lower(?)) order by handle, platform limit 5",
        [handle],
    )
    if containing:
        return containing
    return _rows(
        connection,
        f"select {CANDIDATE_COLUMNS} from dim_creators"
        " where jaro_winkler_similarity(lower(handle), lower(?)) >= 0.8"
        " order by jaro_winkler_similarity(lower(handle), lower(?)) desc, handle limit 5",
        [handle, handle],
    )


def describe_candidate(candidate: dict) -> str:
    return (
        f"{candidate['creator_key']:<36} @{candidate['handle'] or NOT_AVAILABLE:<24}"
        f" {candidate['platform']:<10} {format_number(candidate['followers'])} followers"
    )


# -- the data -------------------------------------------------------------------------------------


def _clean(value):
    """JSON-ready: NaN -> None, timestamps -> ISO text."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return value


def _cleaned(row: dict) -> dict:
    return {name: _clean(value) for name, value in row.items()}


def dossier_data(database: Path, creator_key: str) -> dict:
    """Everything the served marts say about one creator, as a JSON-ready dict. Rates and shares
    are fractions (0.043 = 4.3%); unknown values are None. KeyError for an unknown creator_key."""
    with duckdb.connect(str(database), read_only=True) as connection:
        creator = _one(
            connection,
            """
            select creator_key, platform, creator_id, handle, followers, followers_source,
                   follower_tier, follower_band, primary_niche, primary_niche_source,
                   niche_focus, primary_niche_terms, secondary_niche, secondary_niche_focus,
                   category, country, language, is_verified
            from dim_creators where creator_key = ?
            """,
            [creator_key],
        )
        if not creator:
            raise KeyError(creator_key)
        scorecard = _one(
            connection,
            """
            select recommendation, recommendation_reasons, overall_score, authenticity_score,
                   reason_codes, rank_in_niche_tier, ranked_in_niche_tier, is_scored,
                   posts_in_window, er_percentile_in_band, median_engagements,
                   authentic_engagement_share, est_cost_per_post, cost_currency, cost_source,
                   est_cost_per_engagement, est_cost_per_authentic_engagement
            from mart_creator_scorecard where creator_key = ?
            """,
            [creator_key],
        )
        engagement = _one(
            connection,
            """
            select posts_in_window, er_median, er_likes_comments_median, er_views_median,
                   er_percentile_in_band, sponsored_window_posts, organic_window_posts,
                   sponsored_er_median, organic_er_median, sponsored_er_lift, sponsored_source,
                   followers_30d_ago, follower_growth_30d, followers_90d_ago, follower_growth_90d,
                   median_engagements_last_90d, median_engagements_previous_90d,
                   engagement_growth_90d, posts_last_90d, posts_per_week, top_level_comments,
                   replied_top_level_comments, reply_rate, median_reply_latency_minutes
            from mart_creator_engagement where creator_key = ?
            """,
            [creator_key],
        )
        compared = connection.execute(
            """
            select count(*) from mart_creator_engagement
            where er_percentile_in_band is not null and (platform, follower_band) = (
                select (platform, follower_band) from dim_creators where creator_key = ?)
            """,
            [creator_key],
        ).fetchone()[0]
        if engagement:
            engagement["band_creators_compared"] = compared
        evidence = _rows(
            connection,
            """
            select signal, reason_code, effect, signal_value, unit, peer_median, threshold_start,
                   threshold_full, points, max_points, verdict, evidence, evidence_at, example_ids
            from mart_creator_evidence where creator_key = ?
            order by points desc nulls last, max_points desc nulls last, signal
            """,
            [creator_key],
        )
        flagged_codes = _rows(
            connection,
            """
            select codes.reason_code, codes.meaning, codes.how_computed
            from dim_reason_codes as codes
            inner join mart_creator_evidence as evidence
                on evidence.reason_code = codes.reason_code
            where evidence.creator_key = ? and evidence.verdict = 'flagged'
            order by evidence.points desc nulls last, codes.reason_code
            """,
            [creator_key],
        )
        # The last snapshots, and the flagged spike with the step before it even when older.
        history = _rows(
            connection,
            """
            with numbered as (
                select scraped_at, followers, follower_change, follower_change_share,
                       days_since_previous, is_flagged_follower_spike,
                       row_number() over (order by scraped_at desc) as from_latest
                from fct_profile_snapshots where creator_key = ?
            ),
            spikes as (select from_latest from numbered where is_flagged_follower_spike)
            select * exclude (from_latest), from_latest
            from numbered
            where from_latest <= ?
               or from_latest in (select from_latest from spikes)
               or from_latest in (select from_latest + 1 from spikes)
            order by scraped_at
            """,
            [creator_key, HISTORY_SNAPSHOTS],
        )
        snapshots_total = connection.execute(
            "select count(*) from fct_profile_snapshots where creator_key = ?", [creator_key]
        ).fetchone()[0]
        release = _one(
            connection,
            "select run_id, as_of, window_start, window_end, window_days, window_posts,"
            " published_at from release_info",
        )
        release["as_of_text"] = release_line(connection)

    for row in evidence:
        row["example_ids"] = [i for i in (row["example_ids"] or "").split(",") if i]
    codes = scorecard.get("reason_codes")
    scorecard["reason_codes"] = [code for code in (codes or "").split(",") if code]
    for row in history:
        row["readings_ago"] = row.pop("from_latest") - 1  # 0 = the latest reading
    return {
        "release": _cleaned(release),
        "creator": _cleaned(creator),
        "verdict": _cleaned(
            {
                name: scorecard.get(name)
                for name in [
                    "recommendation",
                    "recommendation_reasons",
                    "overall_score",
                    "authenticity_score",
                    "reason_codes",
                    "rank_in_niche_tier",
                    "ranked_in_niche_tier",
                    "is_scored",
                ]
            }
        ),
        "engagement": _cleaned(engagement),
        "value": _cleaned(
            {
                name: scorecard.get(name)
                for name in [
                    "est_cost_per_post",
                    "cost_currency",
                    "cost_source",
                    "median_engagements",
                    "est_cost_per_engagement",
                    "authentic_engagement_share",
                    "est_cost_per_authentic_engagement",
                ]
            }
        ),
        "evidence": [_cleaned(row) for row in evidence],
        "flagged_reason_codes": [_cleaned(row) for row in flagged_codes],
        "follower_history": [_cleaned(row) for row in history],
        "follower_snapshots_total": snapshots_total,
    }


# -- the text -------------------------------------------------------------------------------------


def dossier_text(database: Path, creator_key: str) -> str:
    """The dossier of one creator, as text for a person to read."""
    data = dossier_data(database, creator_key)
    sections = [
        _header(data),
        _verdict(data),
        _engagement(data),
        _value(data),
        _evidence(data),
        _history(data),
    ]
    return "\n\n".join("\n".join(lines) for lines in sections)


def _or_na(value) -> str:
    return NOT_AVAILABLE if is_missing(value) or value == "" else str(value)


def _title(text: str) -> list[str]:
    return [text, "-" * len(text)]


def _field(label: str, value: str) -> str:
    """'  label:   value', the value wrapped under itself."""
    return _wrapped(f"  {label + ':':<27} ", value)


def _wrapped(prefix: str, text: str) -> str:
    return textwrap.fill(
        text,
        width=WIDTH,
        initial_indent=prefix,
        subsequent_indent=" " * len(prefix),
        break_long_words=False,
        break_on_hyphens=False,
    )


def _header(data: dict) -> list[str]:
    creator, release = data["creator"], data["release"]
    tier = creator["follower_tier"]
    tier_text = (
        f"{tier} ({TIER_LABELS.get(tier, tier)}), band {_or_na(creator['follower_band'])}"
        if tier
        else "n/a (follower count unknown)"
    )
    followers = format_number(creator["followers"])
    if creator["followers_source"] == "post":
        followers += " (from a post; no profile reading)"
    niche = _or_na(creator["primary_niche"])
    details = []
    if not is_missing(creator["niche_focus"]):
        details.append(f"{format_percent(creator['niche_focus'], 0)} of window posts")
    if creator["primary_niche_source"] == "profile":
        details.append("from the profile's bio and category: no window post names a niche")
    elif creator["primary_niche_source"] == "none":
        details.append("neither the posts nor the profile name a niche")
    if creator["primary_niche_terms"]:
        details.append(f"matched: {creator['primary_niche_terms']}")
    if details:
        niche += f" ({'; '.join(details)})"
    secondary = "none"
    if creator["secondary_niche"]:
        secondary = (
            f"{creator['secondary_niche']}"
            f" ({format_percent(creator['secondary_niche_focus'], 0)} of window posts)"
        )
    handle = creator["handle"] or creator["creator_id"]
    return [
        *_title(f"Vetting dossier: @{handle} on {creator['platform']}"),
        _field("creator", f"{creator['creator_key']} (creator_id {creator['creator_id']})"),
        _field("followers", followers),
        _field("tier", tier_text),
        _field("primary niche", niche),
        _field("secondary niche", secondary),
        _field("profile category", _or_na(creator["category"])),
        _field(
            "country / language", f"{_or_na(creator['country'])} / {_or_na(creator['language'])}"
        ),
        _field("verified", _yes_no(creator["is_verified"])),
        _wrapped("  ", release["as_of_text"]),
    ]


def _yes_no(value) -> str:
    if is_missing(value):
        return NOT_AVAILABLE
    return "yes" if value else "no"


def _rank_text(data: dict) -> str:
    verdict, creator = data["verdict"], data["creator"]
    tier, niche = creator["follower_tier"], creator["primary_niche"] or "unknown"
    if verdict["rank_in_niche_tier"] is not None:
        return (
            f"{verdict['rank_in_niche_tier']} of {verdict['ranked_in_niche_tier']} recommended"
            f" {tier} creators in {niche} (all platforms, by overall score)"
        )
    if not tier:
        return "not ranked: the follower count is unknown, so the creator has no tier"
    recommendation = verdict["recommendation"] or NOT_AVAILABLE
    if recommendation == "insufficient_data":
        return "not ranked: not enough data to score this creator (see the verdict)"
    return f"not ranked: only 'recommend' creators are ranked, and this one is '{recommendation}'"


def _verdict(data: dict) -> list[str]:
    verdict = data["verdict"]
    codes = ", ".join(verdict["reason_codes"])
    codes = f"{codes} (signals that took points off)" if codes else "none"
    authenticity = verdict["authenticity_score"]
    score = verdict["overall_score"]
    return [
        *_title("Verdict"),
        _field("recommendation", _or_na(verdict["recommendation"]).replace("_", " ").upper()),
        _field("why", _or_na(verdict["recommendation_reasons"])),
        _field(
            "overall score",
            f"{format_number(score, 1)} / 100" if not is_missing(score) else NOT_AVAILABLE,
        ),
        _field(
            "authenticity",
            f"{format_number(authenticity, 1)} / 100"
            if not is_missing(authenticity)
            else NOT_AVAILABLE,
        ),
        _field("reason codes", codes),
        _field("rank", _rank_text(data)),
    ]


def _latency(minutes) -> str:
    if is_missing(minutes):
        return NOT_AVAILABLE
    if minutes < 120:
        return f"{minutes:.0f} minutes"
    if minutes < 48 * 60:
        return f"{minutes / 60:.1f} hours"
    return f"{minutes / 1440:.1f} days"


def _growth(growth, before, now, days: int) -> str:
    if is_missing(growth):
        return f"n/a (needs a profile reading {days}+ days before the release and a newer one)"
    change = format_percent(growth, 1, signed=True)
    return f"{change} ({format_number(before)} -> {format_number(now)} followers)"


def _engagement(data: dict) -> list[str]:
    e, creator = data["engagement"], data["creator"]
    if not e:
        return [*_title("Engagement"), "  n/a: no engagement figures for this creator"]
    posts = e["posts_in_window"] or 0
    percentile = e["er_percentile_in_band"]
    if is_missing(percentile):
        percentile_text = "n/a (only scored creators are compared)"
    else:
        others = (e.get("band_creators_compared") or 1) - 1
        peers = f"{creator['platform']} creators with {_or_na(creator['follower_band'])} followers"
        percentile_text = (
            f"higher than {format_percent(percentile, 0)} of the {others} other scored {peers}"
            if others
            else f"n/a (no other scored {peers} to compare with)"
        )
    sponsored = e["sponsored_window_posts"] or 0
    if sponsored == 0:
        sponsorship = f"none of the {posts} window posts was recognised as sponsored"
    else:
        ways = ", ".join(
            SPONSORSHIP_SOURCES.get(source, source)
            for source in (e["sponsored_source"] or "").split(",")
            if source
        )
        sponsorship = f"{sponsored} of {posts} window posts, recognised by {ways or NOT_AVAILABLE}"
    if is_missing(e["sponsored_er_lift"]):
        lift = "n/a (needs both sponsored and organic posts in the window)"
    else:
        lift = (
            f"sponsored posts reach {e['sponsored_er_lift']:.2f}x the organic engagement rate"
            f" ({format_percent(e['sponsored_er_median'], 2)} vs"
            f" {format_percent(e['organic_er_median'], 2)})"
        )
    if is_missing(e["engagement_growth_90d"]):
        engagement_growth = "n/a (needs posts in both the last 90 days and the 90 before)"
    else:
        engagement_growth = (
            f"{format_percent(e['engagement_growth_90d'], 1, signed=True)} (median engagements"
            f" per post {format_number(e['median_engagements_last_90d'], 1)} in the last 90 days"
            f" vs {format_number(e['median_engagements_previous_90d'], 1)} in the 90 before)"
        )
    if e["top_level_comments"]:
        replies = (
            f"{format_percent(e['reply_rate'], 0)} of top-level comments by others"
            f" ({e['replied_top_level_comments']} of {e['top_level_comments']}),"
            f" median time to reply {_latency(e['median_reply_latency_minutes'])}"
        )
    else:
        replies = "n/a (no comments by others on window posts)"
    posting = NOT_AVAILABLE
    if not is_missing(e["posts_per_week"]):
        posting = (
            f"{e['posts_per_week']:.1f} posts per week ({e['posts_last_90d']} in the last 90 days)"
        )
    return [
        *_title(f"Engagement (engagement rate = median per post over {posts} window posts)"),
        _field(
            "ER, all engagements",
            f"{format_percent(e['er_median'], 2)}  (likes + comments + shares + saves) / followers",
        ),
        _field(
            "ER, likes + comments",
            f"{format_percent(e['er_likes_comments_median'], 2)}"
            "  (likes + comments) / followers, the classic Instagram rate",
        ),
        _field(
            "ER, by views",
            f"{format_percent(e['er_views_median'], 2)}"
            "  all engagements / views (video posts with views)",
        ),
        _field("ER percentile in band", percentile_text),
        _field("sponsored posts", sponsorship),
        _field("sponsored vs organic", lift),
        _field(
            "follower growth, 30 days",
            _growth(e["follower_growth_30d"], e["followers_30d_ago"], creator["followers"], 30),
        ),
        _field(
            "follower growth, 90 days",
            _growth(e["follower_growth_90d"], e["followers_90d_ago"], creator["followers"], 90),
        ),
        _field("engagement growth", engagement_growth),
        _field("posting", posting),
        _field("replies to comments", replies),
    ]


def _value(data: dict) -> list[str]:
    v = data["value"]
    currency = v["cost_currency"]
    if is_missing(v["est_cost_per_post"]):
        cost = "n/a (no price known for this platform and follower band)"
    else:
        source = COST_SOURCES.get(v["cost_source"], _or_na(v["cost_source"]))
        cost = f"{format_money(v['est_cost_per_post'], currency)} (source: {source})"
    return [
        *_title("Value (estimates, not quotes)"),
        _field("price of a sponsored post", cost),
        _field("median engagements / post", format_number(v["median_engagements"], 1)),
        _field("cost per engagement", format_money(v["est_cost_per_engagement"], currency)),
        _field(
            "authentic share",
            f"{format_percent(v['authentic_engagement_share'], 0)} of"
            " engagements (suspicious comments and bought likes taken out)",
        ),
        _field(
            "cost per authentic eng.",
            format_money(v["est_cost_per_authentic_engagement"], currency),
        ),
    ]


def _format_signal_value(value, unit: str | None) -> str:
    if is_missing(value):
        return NOT_AVAILABLE
    if unit == "fraction":
        return format_percent(value, 1)
    if unit == "robust_z":
        return f"z {value:.1f}"
    if unit == "flag":
        return "yes" if value else "no"
    return f"{value:g}"


def _threshold(row: dict) -> str:
    start, full, unit = row["threshold_start"], row["threshold_full"], row["unit"]
    if unit == "flag":
        return "when yes"
    if is_missing(start) or is_missing(full):
        return NOT_AVAILABLE
    return f"{_format_signal_value(start, unit)} -> {_format_signal_value(full, unit)}"


def _points(row: dict) -> str:
    maximum = format_number(row["max_points"], 0)
    if is_missing(row["points"]):
        return f"n/a of {maximum}"
    sign = "+" if row["effect"] == "credit" else "-"
    points = f"{sign}{row['points']:.1f}" if row["points"] else "0"
    return f"{points} of {maximum}"


def _evidence(data: dict) -> list[str]:
    rows = data["evidence"]
    lines = [
        *_title("Evidence (one entry per signal, largest effect first)"),
        "  Points are taken off (for a credit: added) once the value reaches 'from', in full at",
        "  'full'; 'peers' is the median of creators of the same platform and follower band.",
    ]
    if not rows:
        return [*lines, "  n/a: no evidence rows for this creator"]
    width = max(len(r["signal"]) for r in rows)
    lines.append(
        f"  {'verdict':<12} {'signal':<{width}}  {'value':>7}  {'peers':>7}"
        f"  {'points from -> full':<19}  points"
    )
    for row in rows:
        verdict = VERDICTS.get(row["verdict"], _or_na(row["verdict"]))
        lines.append(
            f"  {verdict:<12} {row['signal'].replace('_', ' '):<{width}}"
            f"  {_format_signal_value(row['signal_value'], row['unit']):>7}"
            f"  {_format_signal_value(row['peer_median'], row['unit']):>7}"
            f"  {_threshold(row):<19}  {_points(row)}"
        )
        detail = row["evidence"] or "no detail recorded"
        if row["evidence_at"]:
            detail += f" (at {row['evidence_at'][:16]} UTC)"
        examples = row["example_ids"]
        if examples:
            more = len(examples) - MAX_EXAMPLES
            detail += f"; examples: {', '.join(examples[:MAX_EXAMPLES])}"
            detail += f" (+{more} more)" if more > 0 else ""
        lines.append(_wrapped(" " * 15, detail))
    codes = data["flagged_reason_codes"]
    lines += ["", "  What the flags mean:"]
    if not codes:
        lines.append("  (no signal is flagged)")
    for code in codes:
        lines.append(_wrapped("  ", f"{code['reason_code']}: {_or_na(code['meaning'])}"))
    return lines


def _history(data: dict) -> list[str]:
    rows = data["follower_history"]
    total = data["follower_snapshots_total"]
    title = f"Follower history (last {min(HISTORY_SNAPSHOTS, total)} of {total} profile readings"
    if any(row["readings_ago"] >= HISTORY_SNAPSHOTS for row in rows):
        title += ", plus the flagged spike and the reading before it"
    lines = _title(title + ")")
    if not rows:
        return [*lines, "  n/a: no profile readings"]
    lines.append(f"  {'scraped':<17} {'followers':>10} {'change':>8} {'change %':>9} {'days':>5}")
    previous = None
    for row in rows:
        if previous is not None and previous - row["readings_ago"] > 1:
            lines.append("  ...")
        previous = row["readings_ago"]
        change = row["follower_change"]
        lines.append(
            f"  {_or_na(row['scraped_at'])[:16]:<17} {format_number(row['followers']):>10}"
            f" {NOT_AVAILABLE if change is None else f'{change:+,}':>8}"
            f" {format_percent(row['follower_change_share'], 1, signed=True):>9}"
            f" {format_number(row['days_since_previous'], 1):>5}"
            + ("  <-- flagged follower spike" if row["is_flagged_follower_spike"] else "")
        )
    lines.append("  (days = days since the previous reading)")
    return lines
