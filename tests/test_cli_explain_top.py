"""`bignoise top` and `bignoise explain`, through orchestration.cli.main, on the hand-made dump.

The pipeline runs once (module fixture) over tests/fixtures/handmade_dump, as in
test_marts_handmade.py. Every figure the tests look for in the printed text is read here with
DuckDB from the served database and formatted on its own, not taken from the command's code.
Nobody in the hand-made dump is recommended, so the ranking tests use a copy of the served
database where a few scorecard rows are edited and cloned, with the ranks recomputed here by
the documented rule (1, 2, 3 ... among recommended creators of a niche x tier, all platforms).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import handmade_settings

from orchestration.cli import main
from orchestration.run_pipeline import run_job


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    settings = handmade_settings(tmp_path_factory.mktemp("warehouse"))
    summary = run_job(settings, show_progress=False)
    assert summary.success, summary.errors + summary.checks_failed
    return Path(settings.warehouse_dir)


def served(warehouse: Path, sql: str, parameters=()) -> list[tuple]:
    database = warehouse / "serving" / "marts.duckdb"
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(sql, list(parameters)).fetchall()


# Food micro after the edits: c (review, 90) and c4 (avoid, 95) are not ranked; c2 80, b 70 and
# c3 60 are recommended -> ranks 1, 2, 3 of 3 across instagram, tiktok and youtube.
CLONES = [
    # creator_key, platform, handle, niche, recommendation, overall_score
    ("tiktok:c2", "tiktok", "cara.two", "food", "recommend", 80.0),
    ("youtube:c3", "youtube", "cara.three", "food", "recommend", 60.0),
    ("youtube:c4", "youtube", "cara.four", "food", "avoid", 95.0),
    ("tiktok:u1", "tiktok", "no.niche", "unknown", "recommend", 99.0),
    ("tiktok:w1", "tiktok", "well.being", "wellness", "recommend", 40.0),  # sorts after unknown
    ("instagram:z1", "instagram", "zed.lifts", "fitness", "review", 88.0),
]
EDITS = [
    ("instagram:a", "recommend", 50.0),
    ("instagram:b", "recommend", 70.0),
    ("instagram:c", "review", 90.0),
    ("youtube:d", "recommend", 65.0),  # macro: never in the micro table
]


@pytest.fixture(scope="module")
def edited(warehouse, tmp_path_factory) -> Path:
    """A copy of the warehouse with recommended creators, ranks, a handle on two platforms,
    and a flagged follower spike for anna.lifts."""
    copy = tmp_path_factory.mktemp("edited")
    (copy / "serving").mkdir()
    shutil.copy(warehouse / "serving" / "marts.duckdb", copy / "serving" / "marts.duckdb")
    with duckdb.connect(str(copy / "serving" / "marts.duckdb")) as connection:
        for key, platform, handle, niche, recommendation, score in CLONES:
            connection.execute(
                "insert into mart_creator_scorecard select * replace (? as creator_key,"
                " ? as platform, ? as handle, ? as primary_niche, ? as recommendation,"
                " ? as overall_score) from mart_creator_scorecard"
                " where creator_key = 'instagram:c'",
                [key, platform, handle, niche, recommendation, score],
            )
        for key, recommendation, score in EDITS:
            connection.execute(
                "update mart_creator_scorecard set recommendation = ?, overall_score = ?,"
                " authenticity_score = 90.0 where creator_key = ?",
                [recommendation, score, key],
            )
        connection.execute(
            """
            update mart_creator_scorecard as s
            set rank_in_niche_tier = r.rank, ranked_in_niche_tier = r.ranked
            from (
                select creator_key,
                       row_number() over (partition by primary_niche, follower_tier
                                          order by overall_score desc, creator_key) as rank,
                       count(*) over (partition by primary_niche, follower_tier) as ranked
                from mart_creator_scorecard where recommendation = 'recommend'
            ) as r
            where s.creator_key = r.creator_key
            """
        )
        connection.execute(
            "update mart_creator_scorecard set rank_in_niche_tier = null,"
            " ranked_in_niche_tier = null where recommendation <> 'recommend'"
        )
        # The same handle on YouTube (different case): "anna.lifts" becomes ambiguous.
        connection.execute(
            "insert into dim_creators by name select 'youtube:a9' as creator_key,"
            " 'youtube' as platform, 'a9' as creator_id, 'Anna.Lifts' as handle,"
            " 1234 as followers"
        )
        connection.execute(
            "update mart_creator_evidence set verdict = 'flagged', points = 25,"
            " signal_value = 12.5, evidence = 'largest follower step: 100% on 2026-10-15'"
            " where creator_key = 'instagram:a' and signal = 'follower_spike'"
        )
        connection.execute(
            "update fct_profile_snapshots set is_flagged_follower_spike = true"
            " where creator_key = 'instagram:a' and scraped_at = '2026-10-15'"
        )
    return copy


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def percent(fraction: float) -> str:
    return f"{100 * fraction:.2f}%"


# -- explain --------------------------------------------------------------------------------------


def test_explain_by_key_shows_the_served_figures(warehouse, capsys):
    code, out, err = run(capsys, "explain", "--warehouse", warehouse, "instagram:a")
    assert code == 0, err
    [(handle, followers, band, country)] = served(
        warehouse,
        "select handle, followers, follower_band, country from dim_creators"
        " where creator_key = 'instagram:a'",
    )
    [(er, er_likes_comments, posts, sponsored, lift)] = served(
        warehouse,
        "select er_median, er_likes_comments_median, posts_in_window, sponsored_window_posts,"
        " sponsored_er_lift from mart_creator_engagement where creator_key = 'instagram:a'",
    )
    [(recommendation, reasons, cost, currency)] = served(
        warehouse,
        "select recommendation, recommendation_reasons, est_cost_per_post, cost_currency"
        " from mart_creator_scorecard where creator_key = 'instagram:a'",
    )
    assert f"@{handle} on instagram" in out
    assert re.search(rf"followers:\s+{followers:,}\n", out)  # 2,000
    assert band in out and country in out
    assert re.search(rf"ER, all engagements:\s+{re.escape(percent(er))} ", out)  # 10.00%
    assert re.search(rf"ER, likes \+ comments:\s+{re.escape(percent(er_likes_comments))} ", out)
    assert f"{sponsored} of {posts} window posts" in out
    assert f"{lift:.2f}x the organic engagement rate" in out
    assert recommendation.replace("_", " ").upper() in out
    assert reasons.split(".")[0] in out
    assert f"{cost:,.2f} {currency}" in out
    assert "Release as of 2026-10-31 00:00 UTC" in out


def test_explain_writes_n_a_never_none_or_nan(warehouse, capsys):
    for key in ["instagram:a", "youtube:d", "instagram:c", "instagram:b"]:
        code, out, _ = run(capsys, "explain", "--warehouse", warehouse, key)
        assert code == 0
        assert not re.search(r"\b(None|nan|NaN|NaT|<NA>|null)\b", out), key
    # ben.bakes (the last): 2 window posts, followers only from a post, no country, no reply.
    assert re.search(r"country / language:\s+n/a / n/a", out)
    assert re.search(r"replies to comments:\s+n/a", out)
    assert "from a post; no profile reading" in out


def test_explain_lists_every_signal_and_the_follower_readings(warehouse, capsys):
    code, out, _ = run(capsys, "explain", "--warehouse", warehouse, "instagram:a")
    assert code == 0
    signals = served(
        warehouse,
        "select signal, max_points from mart_creator_evidence where creator_key = 'instagram:a'",
    )
    evidence = out.split("Evidence")[1].split("Follower history")[0]
    for signal, max_points in signals:
        assert re.search(rf"{signal.replace('_', ' ')}\s.*of {max_points:.0f}\n", evidence), signal
    history = out.split("Follower history")[1]
    for scraped_at, followers, change in served(
        warehouse,
        "select scraped_at, followers, follower_change from fct_profile_snapshots"
        " where creator_key = 'instagram:a' order by scraped_at",
    ):
        line = next(li for li in history.splitlines() if scraped_at.strftime("%Y-%m-%d") in li)
        assert f"{followers:,}" in line
        assert (f"{change:+,}" if change is not None else "n/a") in line


def test_explain_by_handle_with_at_sign_any_case_and_by_creator_id(warehouse, capsys):
    code, out, _ = run(capsys, "explain", "--warehouse", warehouse, "@Ben.BAKES")
    assert code == 0
    assert "instagram:b (creator_id b)" in out
    code, out, _ = run(capsys, "explain", "--warehouse", warehouse, "D")
    assert code == 0
    assert "@dan.tech on youtube" in out


def test_explain_unknown_exits_2_and_suggests_close_handles(warehouse, capsys):
    code, out, err = run(capsys, "explain", "--warehouse", warehouse, "nobody.at.all")
    assert (code, out) == (2, "")
    assert "no creator matches 'nobody.at.all'" in err
    code, _, err = run(capsys, "explain", "--warehouse", warehouse, "@anna")
    assert code == 2
    assert "instagram:a" in err and "@anna.lifts" in err


def test_explain_of_an_unpublished_warehouse_exits_2(tmp_path, capsys):
    code, _, err = run(capsys, "explain", "--warehouse", tmp_path, "instagram:a")
    assert code == 2 and "nothing published yet" in err


def test_explain_ambiguous_handle_lists_the_candidates_and_exits_2(edited, capsys):
    code, out, err = run(capsys, "explain", "--warehouse", edited, "anna.lifts")
    assert (code, out) == (2, "")
    assert "2 creators match" in err
    assert "instagram:a" in err and "youtube:a9" in err
    # The platform picks one.
    code, out, _ = run(capsys, "explain", "--warehouse", edited, "instagram:@anna.lifts")
    assert code == 0 and "instagram:a (creator_id a)" in out


def test_explain_puts_the_flag_first_with_its_meaning_and_marks_the_spike(edited, capsys):
    code, out, _ = run(capsys, "explain", "--warehouse", edited, "instagram:a")
    assert code == 0
    [(meaning,)] = served(
        edited, "select meaning from dim_reason_codes where reason_code = 'FOLLOWER_SPIKE'"
    )
    evidence = out.split("Evidence")[1].split("Follower history")[0].splitlines()
    entries = [line for line in evidence if re.match(r"  (FLAGGED|CREDIT|clear|not )", line)]
    assert entries[0].split() == [
        "FLAGGED", "follower", "spike", "z", "12.5", "n/a", "z", "4.0", "->", "z", "10.0",
        "-25.0", "of", "25",
    ]  # fmt: skip
    assert "FOLLOWER_SPIKE: " + " ".join(meaning.split()[:6]) in out
    spike = next(line for line in out.splitlines() if line.startswith("  2026-10-15"))
    assert spike.endswith("<-- flagged follower spike")
    assert "1 of 1 recommended micro creators in fitness" in out


def test_explain_json_holds_the_served_values(warehouse, capsys):
    code, out, _ = run(capsys, "explain", "--warehouse", warehouse, "youtube:d", "--json")
    assert code == 0
    assert "NaN" not in out
    dossier = json.loads(out)
    [(followers, er_views)] = served(
        warehouse,
        "select c.followers, e.er_views_median from dim_creators c"
        " join mart_creator_engagement e using (creator_key) where creator_key = 'youtube:d'",
    )
    assert dossier["creator"]["followers"] == followers
    assert dossier["engagement"]["er_views_median"] == pytest.approx(er_views)
    [(signals,)] = served(
        warehouse, "select count(*) from mart_creator_evidence where creator_key = 'youtube:d'"
    )
    assert len(dossier["evidence"]) == signals
    assert dossier["release"]["as_of"].startswith("2026-10-31 00:00:00")


# -- top ------------------------------------------------------------------------------------------


def top_rows(out: str) -> list[list[str]]:
    """The table's rows, each split on runs of 2+ spaces; the niche cell is '' on repeats."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("niche"))
    rows = []
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        cells = re.split(r"\s{2,}", line.strip())
        rows.append(["", *cells] if line.startswith(" ") else cells)
    return rows


def test_top_ranks_are_consecutive_per_niche_with_unknown_last(edited, capsys):
    code, out, _ = run(capsys, "top", "--warehouse", edited, "--per-niche", "5")
    assert code == 0
    rows = top_rows(out)
    niches, current = [], None
    for row in rows:
        current = row[0] or current
        if row[0]:
            niches.append(row[0])
            expected_rank = 1
        rank, of = row[1].split("/")
        assert int(rank) == expected_rank
        expected_rank += 1
        [(ranked,)] = served(
            edited,
            "select count(*) from mart_creator_scorecard where primary_niche = ?"
            " and follower_tier = 'micro' and recommendation = 'recommend'",
            [current],
        )
        assert int(of) == ranked
    assert niches == ["fitness", "food", "wellness", "unknown"]
    handles = [row[3] for row in rows]
    assert handles == [
        "anna.lifts", "cara.two", "ben.bakes", "cara.three", "well.being", "no.niche"
    ]  # fmt: skip
    assert "dan.tech" not in out  # macro


def test_top_prints_the_served_figures_and_the_legend(edited, capsys):
    code, out, _ = run(capsys, "top", "--warehouse", edited, "--per-niche", "1")
    assert code == 0
    rows = {row[3]: row for row in top_rows(out)}
    assert sorted(rows) == ["anna.lifts", "cara.two", "no.niche", "well.being"]
    [(followers, er, authenticity, cost, currency, score)] = served(
        edited,
        "select followers, er_median, authenticity_score, est_cost_per_authentic_engagement,"
        " cost_currency, overall_score from mart_creator_scorecard"
        " where creator_key = 'instagram:a'",
    )
    assert rows["anna.lifts"][1:] == [
        "1/1", "instagram", "anna.lifts", f"{followers:,}", f"{100 * er:.2f}",
        f"{authenticity:.1f}", f"{cost:.2f} {currency}", f"{score:.1f}",
    ]  # fmt: skip
    assert "What the columns mean" in out
    assert "all platforms" in out
    assert re.search(r"ER %\s+engagement rate as a percent", out)
    assert re.search(r"authenticity\s+0-100", out)
    assert "Release as of 2026-10-31 00:00 UTC" in out


def test_top_of_one_platform_keeps_the_all_platform_rank(edited, capsys):
    code, out, _ = run(capsys, "top", "--warehouse", edited, "--platform", "YouTube")
    assert code == 0
    assert [(row[0], row[1], row[3]) for row in top_rows(out)] == [("food", "3/3", "cara.three")]
    assert "ranks can skip" in out


def test_top_with_nothing_recommended_says_why(warehouse, capsys):
    code, out, _ = run(capsys, "top", "--warehouse", warehouse)
    assert code == 0
    assert "No recommended micro creators" in out
    counts = dict(
        served(
            warehouse,
            "select recommendation, count(*) from mart_creator_scorecard"
            " where follower_tier = 'micro' group by 1",
        )
    )
    assert sum(counts.values()) == 3
    for recommendation in ["recommend", "review", "avoid", "insufficient_data"]:
        assert f"{counts.get(recommendation, 0)} {recommendation}" in out
    code, out, _ = run(capsys, "top", "--warehouse", warehouse, "--tier", "macro")
    assert "No recommended macro creators" in out and "1 insufficient_data" in out
    assert "Release as of 2026-10-31 00:00 UTC" in out


def test_top_rejects_an_unknown_tier(warehouse, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["top", "--warehouse", str(warehouse), "--tier", "huge"])
    assert exit_info.value.code == 2
