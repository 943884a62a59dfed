"""The evaluation's scores on a hand-made release, with every answer worked out by hand below.

The release is written directly (no pipeline run): two posts, eight comments, eight creators,
as a served DuckDB database or as served Parquet files only.
"""

from __future__ import annotations

import json

import duckdb
import pytest

from evaluation import EvaluationInputError
from evaluation.evaluate import check_inputs, evaluate_release
from evaluation.metrics import confusion_scores, roc_auc
from evaluation.report import format_evaluation
from orchestration import cli
from orchestration.run_pipeline import RunSummary

# post, comment, flagged, reasons        spam label   truth kind (is_inauthentic)
COMMENTS = [
    ("v1", "c1", True, "generic_text"),  # 1  TP       bot      (true)   TP
    ("v1", "c2", True, "generic_text,repeated_text"),  # 0  FP  organic (false) FP
    ("v1", "c3", False, ""),  # 1  FN                   bot      (true)   FN
    ("v1", "c4", False, ""),  # 0  TN                   organic  (false)  TN
    ("v1", "c5", False, ""),  # 0  TN                   (not in truth)
    ("v2", "c6", True, "repeated_text"),  # 1  TP       pod      (true)   TP
    ("v2", "c7", True, "pod_member"),  # 1  TP          pod      (true)   TP
    ("v2", "c8", False, ""),  # 0  TN                   organic  (false)  TN
]
LABELS = "comment_id,label,video_id\nc1,1,v1\nc2,0,v1\nc3,1,v1\nc4,0,v1\nc5,0,v1\n"
LABELS += "c6,1,v2\nc7,1,v2\nc8,0,v2\nc9,1,v2\n"  # c9 is not in fct_comments

# creator, authenticity_score, is_scored (None: not in the mart) | truth flags
CREATORS = [
    ("a", 40.0, True),  # bot_comments
    ("b", 90.0, True),  # bot_comments
    ("e", 100.0, False),  # bot_comments, unscored
    ("c", 80.0, True),  # clean
    ("d", 95.0, True),  # clean
    ("f", None, None),  # clean, absent from the mart
    ("g", 70.0, True),  # engagement_pod
    ("h", 10.0, True),  # neither fraud nor clean (is_clean false): left out when is_clean is given
]
TRUTH_CREATORS = (
    "creator_key,platform,niche,secondary_niche,"
    "bought_followers,bot_comments,engagement_pod,bought_likes,is_clean\n"
    "a,instagram,fitness,food,false,true,false,false,false\n"
    "b,instagram,beauty,,false,true,false,false,false\n"
    "e,instagram,food,travel,false,true,false,false,false\n"
    "c,tiktok,gaming,,false,false,false,false,true\n"
    "d,tiktok,Beauty,tech,false,false,false,false,true\n"
    "f,tiktok,pets,,false,false,false,false,true\n"
    "g,youtube,music,,false,false,true,false,false\n"
    "h,youtube,tech,gaming,false,false,false,false,false\n"
)
# creator: dim_creators primary_niche, secondary_niche (f is not in dim_creators)
#   truth niche, secondary     predicted       scored   primary  secondary niche
NICHES = {
    "a": ("fitness", "food"),  # fitness, food  yes      right    found (as secondary)
    "b": ("fashion", None),  # beauty, -        yes      wrong
    "e": ("travel", None),  # food, travel      no       wrong    found (as primary)
    "c": ("gaming", "tech"),  # gaming, -       yes      right    predicted tech: wrong
    "d": ("Fashion", None),  # beauty, tech     yes      wrong    missed
    "g": ("unknown", None),  # music, -         yes      wrong (unknown)
    "h": ("tech", "gaming"),  # tech, gaming    yes      right    found (as secondary)
}
TRUTH_COMMENTS = [
    ("c1", True, "bot"),
    ("c2", False, "organic"),
    ("c3", True, "bot"),
    ("c4", False, "organic"),
    ("c6", True, "pod"),
    ("c7", True, "pod"),
    ("c8", False, "organic"),
    ("c10", True, "bot"),  # not in fct_comments
]


def build_release(connection: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Create the served tables in connection's default schema; their names."""
    connection.execute("create table fct_posts (post_key varchar, post_id varchar)")
    connection.execute("insert into fct_posts values ('youtube:v1', 'v1'), ('youtube:v2', 'v2')")
    connection.execute(
        "create table fct_comments (platform varchar, comment_id varchar, post_key varchar,"
        " is_suspicious boolean, suspicion_reasons varchar)"
    )
    for post_id, comment_id, flagged, reasons in COMMENTS:
        connection.execute(
            "insert into fct_comments values ('youtube', ?, ?, ?, ?)",
            [comment_id, f"youtube:{post_id}", flagged, reasons],
        )
    connection.execute(
        "create table mart_creator_authenticity"
        " (creator_key varchar, authenticity_score double, is_scored boolean)"
    )
    for row in CREATORS:
        if row[2] is not None:
            connection.execute("insert into mart_creator_authenticity values (?, ?, ?)", row)
    connection.execute(
        "create table dim_creators"
        " (creator_key varchar, primary_niche varchar, secondary_niche varchar)"
    )
    connection.executemany(
        "insert into dim_creators values (?, ?, ?)", [[key, *n] for key, n in NICHES.items()]
    )
    connection.execute(
        "create table release_info as"
        " select 'run-1' as run_id, timestamp '2026-01-01 00:00:00' as as_of"
    )
    return {
        "fct_posts",
        "fct_comments",
        "mart_creator_authenticity",
        "dim_creators",
        "release_info",
    }


@pytest.fixture
def warehouse(tmp_path):
    serving = tmp_path / "wh" / "serving"
    serving.mkdir(parents=True)
    with duckdb.connect(str(serving / "marts.duckdb")) as connection:
        build_release(connection)
    return tmp_path / "wh"


@pytest.fixture
def parquet_warehouse(tmp_path):
    parquet = tmp_path / "pq" / "serving" / "parquet"
    parquet.mkdir(parents=True)
    with duckdb.connect() as connection:
        for table in build_release(connection):
            connection.execute(f"copy {table} to '{parquet / table}.parquet' (format parquet)")
    return tmp_path / "pq"


@pytest.fixture
def labels_file(tmp_path):
    path = tmp_path / "labels.csv"
    path.write_text(LABELS)
    return path


@pytest.fixture
def truth_dir(tmp_path):
    truth = tmp_path / "truth"
    truth.mkdir()
    (truth / "creators.csv").write_text(TRUTH_CREATORS)
    with duckdb.connect() as connection:
        connection.execute(
            "create table comments (platform varchar, comment_id varchar,"
            " is_inauthentic boolean, kind varchar)"
        )
        connection.executemany(
            "insert into comments values ('youtube', ?, ?, ?)", [list(r) for r in TRUTH_COMMENTS]
        )
        connection.execute(f"copy comments to '{truth / 'comments.parquet'}' (format parquet)")
    return truth


def test_confusion_scores_from_counts():
    # tp 3, fp 1, fn 2: precision 3/4, recall 3/5, F1 = 2*3 / (2*3 + 1 + 2) = 6/9.
    scores = confusion_scores(tp=3, fp=1, fn=2, tn=4)
    assert scores == pytest.approx(
        {"tp": 3, "fp": 1, "fn": 2, "tn": 4, "precision": 0.75, "recall": 0.6, "f1": 2 / 3}
    )
    # Nothing flagged: precision undefined (None, not 0), recall 0, F1 = 0 / (0 + 0 + 2) = 0.
    assert confusion_scores(0, 0, 2, 5) == {
        "tp": 0, "fp": 0, "fn": 2, "tn": 5, "precision": None, "recall": 0.0, "f1": 0.0
    }  # fmt: skip
    # No positives at all and nothing flagged: recall and F1 undefined too.
    assert confusion_scores(0, 0, 0, 5)["recall"] is None
    assert confusion_scores(0, 0, 0, 0)["f1"] is None


def test_roc_auc_of_four_creators():
    # Fraud scores 60 and 10, clean 20 and 5. Of the 4 (fraud, clean) pairs, the fraud creator
    # scores higher in (60, 20), (60, 5), (10, 5) but not (10, 20): AUC = 3/4.
    assert roc_auc([True, True, False, False], [60, 10, 20, 5]) == 0.75
    assert roc_auc([True, True], [60, 10]) is None  # one class only: undefined


def test_labels_overall_per_post_and_not_found(warehouse, labels_file):
    labels = evaluate_release(warehouse, labels_file=labels_file)["labels"]
    # Overall: TP c1 c6 c7, FP c2, FN c3, TN c4 c5 c8 -> precision 3/4, recall 3/4, F1 3/4;
    # c9 (spam, on v2) is not in fct_comments: counted apart.
    assert labels["overall"] == pytest.approx(
        {
            "tp": 3, "fp": 1, "fn": 1, "tn": 3, "precision": 0.75, "recall": 0.75, "f1": 0.75,
            "labelled": 9, "not_found": 1, "not_found_positive": 1,
        }
    )  # fmt: skip
    # v1: TP c1, FP c2, FN c3, TN c4 c5 -> 1/2 each. v2: TP c6 c7, TN c8 -> 1 each; c9 missing.
    assert labels["per_post"]["v1"] == pytest.approx(
        {
            "tp": 1, "fp": 1, "fn": 1, "tn": 2, "precision": 0.5, "recall": 0.5, "f1": 0.5,
            "labelled": 5, "not_found": 0, "not_found_positive": 0,
        }
    )  # fmt: skip
    assert labels["per_post"]["v2"]["f1"] == 1.0
    assert labels["per_post"]["v2"]["not_found"] == 1
    assert "1 labelled comment(s) (1 positive) are not in fct_comments" in labels["notes"][0]


def test_labels_by_reason_code(warehouse, labels_file):
    by_reason = evaluate_release(warehouse, labels_file=labels_file)["labels"]["by_reason"]
    # c2 has two reasons and counts under both; unflagged: c3 (spam) and c4 c5 c8.
    assert by_reason == [
        {"reason": "generic_text", "positive": 1, "negative": 1},
        {"reason": "repeated_text", "positive": 1, "negative": 1},
        {"reason": "pod_member", "positive": 1, "negative": 0},
        {"reason": "(not flagged)", "positive": 1, "negative": 3},
    ]


def test_the_parquet_release_gives_the_same_answers(warehouse, parquet_warehouse, labels_file):
    from_database = evaluate_release(warehouse, labels_file=labels_file)["labels"]
    from_parquet = evaluate_release(parquet_warehouse, labels_file=labels_file)["labels"]
    assert from_parquet["overall"] == from_database["overall"]
    assert from_parquet["per_post"] == from_database["per_post"]


def test_truth_creator_auc_per_fraud_type(warehouse, truth_dir):
    truth = evaluate_release(warehouse, truth_dir=truth_dir)["truth"]
    creators = truth["creators"]
    # bot_comments: scored a (100-40 = 60) and b (10) against clean scored c (20), d (5): 3/4 (as
    # in test_roc_auc_of_four_creators); e is unscored, f absent from the mart, h not clean.
    assert creators["bot_comments"] == {
        "auc": 0.75,
        "fraud": {"creators": 3, "scored": 2, "unscored": 1, "not_in_mart": 0},
        "clean": {"creators": 3, "scored": 2, "unscored": 0, "not_in_mart": 1},
    }
    # engagement_pod: g (30) above c (20) and d (5): 1.
    assert creators["engagement_pod"]["auc"] == 1.0
    # Nobody bought followers or likes: undefined.
    assert creators["bought_followers"]["auc"] is None
    assert creators["bought_likes"]["fraud"]["creators"] == 0
    assert truth["notes"] == [
        "1 truth comment(s) are not in fct_comments: left out of the counts",
        "1 truth creator(s) are not in dim_creators: left out of the niche counts",
    ]


def test_truth_comment_scores_and_recall_per_kind(warehouse, truth_dir):
    comments = evaluate_release(warehouse, truth_dir=truth_dir)["truth"]["comments"]
    # TP c1 c6 c7, FP c2, FN c3, TN c4 c8 (c5 not in truth, c10 not in fct_comments).
    assert comments["overall"] == pytest.approx(
        {
            "tp": 3, "fp": 1, "fn": 1, "tn": 2, "precision": 0.75, "recall": 0.75, "f1": 0.75,
            "comments": 8, "not_found": 1, "flagged_share": 4 / 7,
        }
    )  # fmt: skip
    per_kind = comments["per_kind"]
    assert per_kind["bot"]["recall"] == 0.5  # c1 flagged, c3 missed (c10 not found)
    assert (per_kind["bot"]["comments"], per_kind["bot"]["not_found"]) == (3, 1)
    assert per_kind["pod"]["recall"] == 1.0
    # organic: no positives, so no recall; c2 of its 3 comments flagged (a false alarm).
    assert per_kind["organic"]["recall"] is None
    assert per_kind["organic"]["flagged_share"] == pytest.approx(1 / 3)


def test_an_older_truth_folder_is_said_not_crashed_on(warehouse, tmp_path):
    old = tmp_path / "old_truth"
    old.mkdir()
    # The older generator: no is_clean column and no comments.parquet.
    header, *rows = TRUTH_CREATORS.splitlines()
    (old / "creators.csv").write_text(
        "\n".join([header.removesuffix(",is_clean")] + [r.rsplit(",", 1)[0] for r in rows]) + "\n"
    )
    truth = evaluate_release(warehouse, truth_dir=old)["truth"]
    assert truth["comments"] is None
    assert any("no is_clean" in note for note in truth["notes"])
    assert any("no comments.parquet" in note for note in truth["notes"])
    # Clean is now "no flag": h (suspicion 90) joins c (20) and d (5). Fraud a (60), b (10): of
    # the 6 pairs, a beats c and d, b beats d: AUC = 3/6.
    assert truth["creators"]["bot_comments"]["auc"] == 0.5


def test_truth_niche_accuracy_confusions_and_secondary_niches(warehouse, truth_dir):
    niches = evaluate_release(warehouse, truth_dir=truth_dir)["truth"]["niches"]
    # In dim_creators: a b e c d g h (f is not). Right: a c h (d's 'Beauty' vs 'Fashion' is
    # compared lower-case: still wrong); g came out unknown. Scored (e is not): a b c d g h.
    assert niches["overall"] == {
        "all": {
            "creators": 7, "correct": 3, "accuracy": 3 / 7, "unknown": 1, "unknown_share": 1 / 7
        },
        "scored": {
            "creators": 6, "correct": 3, "accuracy": 0.5, "unknown": 1, "unknown_share": 1 / 6
        },
    }  # fmt: skip
    assert niches["not_in_mart"] == 1
    platforms = niches["per_platform"]
    assert list(platforms) == ["instagram", "tiktok", "youtube"]
    # instagram: a right, b e wrong (e unscored). tiktok: c right, d wrong (f absent).
    assert (
        platforms["instagram"]["all"]["accuracy"],
        platforms["instagram"]["scored"]["accuracy"],
    ) == (1 / 3, 0.5)
    assert platforms["tiktok"]["all"] == {
        "creators": 2, "correct": 1, "accuracy": 0.5, "unknown": 0, "unknown_share": 0.0
    }  # fmt: skip
    assert platforms["youtube"]["all"]["unknown"] == 1
    # Mistakes: beauty -> fashion (b, d), then food -> travel (e) and music -> unknown (g).
    assert niches["top_confusions"] == [
        {"truth": "beauty", "predicted": "fashion", "creators": 2},
        {"truth": "food", "predicted": "travel", "creators": 1},
        {"truth": "music", "predicted": "unknown", "creators": 1},
    ]
    # Truth secondaries a e d h: found for a (secondary), e (primary), h; not d: 3/4. Predicted
    # secondaries a c h: a's food and h's gaming are truth niches, c's tech is not: 2/3.
    assert niches["secondary"] == {
        "truth_secondary": 4, "recalled": 3, "recall": 0.75,
        "predicted_secondary": 3, "correct": 2, "precision": 2 / 3,
    }  # fmt: skip


def test_only_the_five_most_common_niche_mistakes_are_listed(tmp_path, truth_dir):
    serving = tmp_path / "many" / "serving"
    serving.mkdir(parents=True)
    with duckdb.connect(str(serving / "marts.duckdb")) as connection:
        build_release(connection)
        # Every creator predicted 'x': seven mistakes of one creator each, listed by truth niche.
        connection.execute("update dim_creators set primary_niche = 'x'")
    niches = evaluate_release(tmp_path / "many", truth_dir=truth_dir)["truth"]["niches"]
    assert niches["overall"]["all"]["accuracy"] == 0.0
    assert [(c["truth"], c["creators"]) for c in niches["top_confusions"]] == [
        ("beauty", 2), ("fitness", 1), ("food", 1), ("gaming", 1), ("music", 1)
    ]  # fmt: skip


def test_a_release_or_truth_without_niches_is_said_not_crashed_on(
    warehouse, parquet_warehouse, truth_dir, tmp_path
):
    (parquet_warehouse / "serving" / "parquet" / "dim_creators.parquet").unlink()
    with duckdb.connect(str(warehouse / "serving" / "marts.duckdb")) as connection:
        connection.execute("drop table dim_creators")
    for release in (warehouse, parquet_warehouse):
        truth = evaluate_release(release, truth_dir=truth_dir)["truth"]
        assert truth["niches"] is None
        assert "the release has no dim_creators: niches not evaluated" in truth["notes"]
        assert truth["creators"]["bot_comments"]["auc"] == 0.75
    old = tmp_path / "no_niches"
    old.mkdir()
    rows = [line.split(",") for line in TRUTH_CREATORS.splitlines()]
    (old / "creators.csv").write_text("\n".join(",".join(r[:1] + r[4:]) for r in rows) + "\n")
    truth = evaluate_release(warehouse, truth_dir=old)["truth"]
    assert truth["niches"] is None
    assert truth["notes"] == [
        "creators.csv has no column niche (older generator): niches not evaluated",
        "no comments.parquet in the truth folder (older generator): comment-level scores skipped",
    ]


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        ("comment_id,video_id\nc1,v1\n", "missing column"),
        ("comment_id,label\nc1,maybe\n", "without a comment_id or a 0/1 label"),
        ("comment_id,label\nc1,1\nc1,0\n", "labelled more than once"),
    ],
)
def test_bad_labels_are_refused(tmp_path, labels, message):
    path = tmp_path / "labels.csv"
    path.write_text(labels)
    with pytest.raises(EvaluationInputError, match=message):
        check_inputs(path, None)


def test_the_terminal_report_shows_the_tables(warehouse, labels_file, truth_dir):
    text = format_evaluation(evaluate_release(warehouse, labels_file, truth_dir))
    rows = [line.split() for line in text.splitlines()]
    assert text.startswith("release run-1")
    assert ["post", "precision", "recall", "f1", "tp", "fp", "fn", "tn", "not", "found"] in rows
    assert ["overall", "0.750", "0.750", "0.750", "3", "1", "1", "3", "1"] in rows
    assert ["generic_text", "1", "1"] in rows
    assert ["bot_comments", "0.750", "2", "1", "0", "2", "0", "1"] in rows
    assert ["bought_followers", "n/a", "0", "0", "0", "2", "0", "1"] in rows
    # bot: c1 flagged, c3 missed: precision 1, recall 1/2, F1 2/3, flagged 1 of 2 found.
    assert ["bot", "1.000", "0.500", "0.667", "1", "0", "1", "0", "0.500", "1"] in rows
    # Niches: accuracy, correct, creators, unknown, then the same over scored creators.
    assert ["overall", "0.429", "3", "7", "1", "0.500", "3", "6", "1"] in rows
    assert ["instagram", "0.333", "1", "3", "0", "0.500", "1", "2", "0"] in rows
    assert ["beauty", "fashion", "2"] in rows
    assert ["recall", "0.750", "3", "4"] in rows and ["precision", "0.667", "2", "3"] in rows


def test_the_command_reads_a_release_and_prints_json(warehouse, labels_file, truth_dir, capsys):
    arguments = ["--warehouse", str(warehouse), "--labels", str(labels_file)]
    assert cli.main(["evaluate", *arguments, "--truth", str(truth_dir), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"pipeline", "release", "labels", "truth"}
    assert result["pipeline"] is None and result["labels"]["overall"]["f1"] == 0.75


@pytest.mark.parametrize(
    "arguments",
    [
        ["--warehouse", "{wh}"],  # neither --labels nor --truth
        ["--labels", "{labels}"],  # neither --dumps nor --warehouse
        ["--warehouse", "{wh}", "--labels", "{tmp}/none.csv"],
        ["--warehouse", "{wh}", "--truth", "{tmp}/no_truth"],
        ["--warehouse", "{tmp}/no_release", "--labels", "{labels}"],
        ["--dumps", "{tmp}/no_dumps", "--labels", "{labels}"],
    ],
)
def test_bad_arguments_exit_2(warehouse, labels_file, tmp_path, capsys, arguments):
    paths = {"wh": warehouse, "labels": labels_file, "tmp": tmp_path}
    assert cli.main(["evaluate", *(a.format(**paths) for a in arguments)]) == cli.EXIT_BAD_INPUT
    assert "bignoise: error:" in capsys.readouterr().err


def test_a_failed_pipeline_exits_1(tmp_path, labels_file, capsys, monkeypatch):
    """The run itself is replaced here (its failures are tested in test_run_failures.py)."""
    dumps = tmp_path / "dumps" / "comments"
    dumps.mkdir(parents=True)
    (dumps / "c.jsonl").write_text("{}\n")
    failed = RunSummary(run_id="r", success=False, as_of=None, errors=["dbt: it broke"])
    monkeypatch.setattr("orchestration.dbt_project.ensure_manifest", lambda: None)
    monkeypatch.setattr("orchestration.run_pipeline.run_job", lambda *_, **__: failed)
    arguments = ["evaluate", "--dumps", str(tmp_path / "dumps"), "--labels", str(labels_file)]
    assert cli.main([*arguments, "--json"]) == cli.EXIT_FAILED
    captured = capsys.readouterr()
    assert json.loads(captured.out)["pipeline"]["errors"] == ["dbt: it broke"]
    assert "bignoise: error: dbt: it broke" in captured.err


def test_a_labels_file_name_is_not_read_as_a_pattern(warehouse, tmp_path):
    # DuckDB reads file names as globs: labels[1].csv would match the decoy labels1.csv.
    (tmp_path / "labels1.csv").write_text("comment_id,label\nc1,0\n")
    (tmp_path / "labels[1].csv").write_text(LABELS)
    labels = evaluate_release(warehouse, labels_file=tmp_path / "labels[1].csv")["labels"]
    assert labels["overall"]["labelled"] == 9
