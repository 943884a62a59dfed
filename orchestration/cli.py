"""The `bignoise` command line: generate a synthetic dump set, run the pipeline, show results."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def _iso_timestamp(text: str) -> str:
    """Validate an ISO 8601 time and normalise it to UTC ('Z', an offset, or naive = UTC)."""
    from orchestration.settings import normalise_as_of

    if not text.strip():
        raise argparse.ArgumentTypeError("an empty --as-of: leave the flag out to use the data")
    try:
        return normalise_as_of(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def _at_least(minimum: int):
    def parse(text: str) -> int:
        value = int(text)
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be >= {minimum}, got {value}")
        return value

    return parse


def _setting_help(field: str) -> str:
    """A flag's help, from the declaration of the setting it overrides (orchestration/settings.py):
    the description, unit, default and variable, so no default is repeated here."""
    from orchestration.settings import SETTINGS_BY_FIELD

    setting = SETTINGS_BY_FIELD[field]
    default = setting.shown_default if setting.default != "" else setting.empty_means
    unit = f"{setting.unit}; " if setting.unit and setting.unit != "path" else ""
    text = f"{setting.description} ({unit}default: {default}; {setting.env_var})"
    return text.replace("%", "%%")  # argparse formats help with %


def _add_dbt_var_flags(parser: argparse.ArgumentParser) -> None:
    """The flags of the settings that reach dbt as vars (orchestration/dbt_args.py). Unset flags
    fall back to the BIGNOISE_* environment variables, then to the declared defaults."""
    from orchestration.settings import SETTINGS_BY_FIELD

    parser.add_argument("--as-of", type=_iso_timestamp, help=_setting_help("as_of"))
    for field in ("window_days", "window_posts", "min_post_age_hours"):
        parser.add_argument(
            f"--{field.replace('_', '-')}",
            type=_at_least(SETTINGS_BY_FIELD[field].ge),
            help=_setting_help(field),
        )
    parser.add_argument(
        "--niche-taxonomy-mode",
        choices=SETTINGS_BY_FIELD["niche_taxonomy_mode"].choices,
        help=_setting_help("niche_taxonomy_mode"),
    )


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("bignoise")
    except PackageNotFoundError:
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    from orchestration.project_vars import follower_tiers
    from orchestration.settings import SETTINGS_BY_FIELD

    parser = argparse.ArgumentParser(prog="bignoise", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", required=True)

    generate = commands.add_parser("generate", help="write a synthetic dump set")
    generate.add_argument("--out", required=True, type=Path, help="dumps folder to write")
    generate.add_argument("--creators", type=_at_least(1), default=200)
    generate.add_argument("--seed", type=int, default=42)
    generate.add_argument(
        "--truth", type=Path, default=None, help="ground-truth folder (default: OUT/../truth)"
    )
    generate.add_argument(
        "--native",
        action="store_true",
        help="write the same data as platform-native API responses (youtube/, instagram_graph/,"
        " tiktok_research/) instead of posts/, comments/ and profiles/",
    )

    run = commands.add_parser("run", help="run the whole pipeline over a dumps folder")
    run.add_argument("--dumps", required=True, type=Path)
    run.add_argument("--warehouse", required=True, type=Path)
    # Unset flags fall back to the BIGNOISE_* environment variables, then to the defaults.
    _add_dbt_var_flags(run)
    run.add_argument("--rate-card", type=Path, help=_setting_help("rate_card_file"))
    run.add_argument("--niche-taxonomy", type=Path, help=_setting_help("niche_taxonomy_file"))
    run.add_argument(
        "--older-release",
        choices=SETTINGS_BY_FIELD["older_release"].choices,
        help=_setting_help("older_release"),
    )
    run.add_argument(
        "--rebuild",
        action="store_true",
        help="run everything even when the current release was built from the same files, "
        "settings and code (without it, such a run does nothing and says so), and rebuild dbt's "
        "incremental models from scratch",
    )
    run.add_argument(
        "--from",
        dest="from_day",
        type=_iso_day,
        help="backfill: load only the new dump files of the days from this one (YYYY-MM-DD) to"
        " --to, both included (the day a file belongs to: docs/input-contract.md); the marts are"
        " then as of the end of --to unless --as-of says otherwise",
    )
    run.add_argument("--to", dest="to_day", type=_iso_day, help="last day of a --from backfill")
    run.add_argument("--json", action="store_true", help="print the summary as JSON")

    dbt = commands.add_parser(
        "dbt",
        help="run the project's dbt by hand against a warehouse the pipeline built",
        description="Run dbt in dbt_project/ with the environment and vars a pipeline run with "
        "the same settings gives it; dbt's target and logs go to WAREHOUSE/work/dbt_by_hand/. "
        "Example: bignoise dbt --warehouse W -- build --select marts",
    )
    dbt.add_argument("--warehouse", required=True, type=Path)
    _add_dbt_var_flags(dbt)
    dbt.add_argument(
        "dbt_args",
        nargs=argparse.REMAINDER,
        metavar="-- DBT_ARGS",
        help="dbt's own arguments, after --: build --select marts, ls, test ...",
    )
    # Settings a dbt run by hand does not read: the pipeline loads these files before dbt runs.
    dbt.set_defaults(dumps=None, rate_card=None, niche_taxonomy=None)

    top = commands.add_parser(
        "top", help="print the top recommended creators of a tier (default micro) per niche"
    )
    top.add_argument("--warehouse", required=True, type=Path)
    top.add_argument("--per-niche", type=_at_least(1), default=3)
    top.add_argument(
        "--tier",
        choices=[segment.name for segment in follower_tiers()],
        default="micro",
        help="default micro",
    )
    top.add_argument("--platform", help="only this platform (ranks still count all platforms)")

    explain = commands.add_parser("explain", help="print one creator's vetting dossier")
    explain.add_argument("--warehouse", required=True, type=Path)
    explain.add_argument(
        "creator", help="a creator_key (instagram:123), a creator_id, or a handle (@name)"
    )
    explain.add_argument("--json", action="store_true", help="print the dossier as JSON")

    unload = commands.add_parser(
        "unload", help="take one dump file's records out of the warehouse (a bad delivery)"
    )
    unload.add_argument("--warehouse", required=True, type=Path)
    unload.add_argument("--file", required=True, type=Path, help="the dump file, as it was read")

    releases = commands.add_parser("releases", help="list the published releases, newest last")
    releases.add_argument("--warehouse", required=True, type=Path)
    releases.add_argument("--json", action="store_true", help="print the list as JSON")

    rollback = commands.add_parser(
        "rollback", help="make the previous release (or the one named) current again"
    )
    rollback.add_argument("--warehouse", required=True, type=Path)
    rollback.add_argument("release", nargs="?", help="a release id (default: the one before)")

    evaluate = commands.add_parser(
        "evaluate", help="measure the flags and scores against labelled comments or a truth folder"
    )
    evaluate.add_argument(
        "--dumps", type=Path, help="run the pipeline over this first (else read --warehouse)"
    )
    evaluate.add_argument(
        "--warehouse",
        type=Path,
        help="warehouse to run into or read (default with --dumps: a temporary one)",
    )
    evaluate.add_argument("--truth", type=Path, help="a generator truth folder (creators.csv ...)")
    evaluate.add_argument("--labels", type=Path, help="CSV: comment_id, label[, video_id]")
    evaluate.add_argument("--json", action="store_true", help="print the evaluation as JSON")
    # The pipeline run of evaluate takes the BIGNOISE_* settings, like `run` without its flags.
    evaluate.set_defaults(
        as_of=None,
        window_days=None,
        window_posts=None,
        min_post_age_hours=None,
        rate_card=None,
        niche_taxonomy=None,
        niche_taxonomy_mode=None,
    )
    return parser


def _interrupt_on_sigterm() -> None:
    """Treat SIGTERM like Ctrl-C: Dagster then stops the run and forwards the interrupt to the dbt
    process it started, so stopping the CLI never leaves `dbt build` running on the warehouse."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt(f"stopped by signal {signum}")

    signal.signal(signal.SIGTERM, interrupt)


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    _interrupt_on_sigterm()
    args = build_parser().parse_args(argv)
    handlers = {
        "generate": _generate,
        "run": _run,
        "top": _top,
        "explain": _explain,
        "unload": _unload,
        "releases": _releases,
        "rollback": _rollback,
        "evaluate": _evaluate,
        "dbt": _dbt,
    }
    return handlers[args.command](args)


def _generate(args: argparse.Namespace) -> int:
    from synthetic import generate_dumps

    summary = generate_dumps(
        out_dir=args.out.resolve(),
        creators=args.creators,
        seed=args.seed,
        truth_dir=args.truth.resolve() if args.truth else None,
        native=args.native,
    )
    files = sum(
        len(paths) for entity, paths in summary.files.items() if entity not in ("truth", "sidecars")
    )
    sidecars = len(summary.files.get("sidecars", []))
    rows = ", ".join(f"{count:,} {entity}" for entity, count in summary.rows.items())
    shape = " platform-native" if args.native else ""
    extra = f" (and {sidecars:,} scrape-time sidecars)" if sidecars else ""
    print(f"generated {rows} records in {files:,}{shape} files{extra} under {summary.out_dir}")
    print(f"ground truth (fraud injected per creator): {summary.truth_dir}")
    return EXIT_OK


def _resolved(path: Path | None) -> str | None:
    return str(path.expanduser().resolve()) if path else None


def settings_from_args(args: argparse.Namespace):
    """The run's settings: the flags given, else the BIGNOISE_* environment, else the defaults."""
    from orchestration.settings import BignoiseSettings

    given = {
        "dumps_dir": _resolved(args.dumps),
        "warehouse_dir": _resolved(args.warehouse),
        "as_of": args.as_of,
        "window_days": args.window_days,
        "window_posts": args.window_posts,
        "min_post_age_hours": args.min_post_age_hours,
        "rate_card_file": _resolved(args.rate_card),
        "niche_taxonomy_file": _resolved(args.niche_taxonomy),
        "niche_taxonomy_mode": args.niche_taxonomy_mode,
        "older_release": getattr(args, "older_release", None),
    }
    return BignoiseSettings.model_validate(
        {
            **BignoiseSettings.from_env().model_dump(),
            **{name: value for name, value in given.items() if value is not None},
        }
    )


class _BadInput(Exception):
    """Bad arguments or settings: the command exits 2 with this message."""


def _run_pipeline(args: argparse.Namespace):
    """Run the Dagster job over args.dumps into args.warehouse; the RunSummary (used by `run`
    and `evaluate`). Raises _BadInput for invalid settings or an unusable dumps folder."""
    from assets.ingestion.dump_days import first_dump_day
    from assets.ingestion.dumps import DumpsFolderError, check_dumps_folder
    from assets.ingestion.reference_files import (
        NICHE_TAXONOMY,
        RATE_CARD,
        ReferenceFileError,
        check_reference_file,
    )
    from orchestration.dbt_project import ensure_manifest
    from orchestration.run_pipeline import run_job

    try:
        settings = settings_from_args(args)
        first_dump_day()  # read when the daily partitions are built, before any run starts
    except ValueError as error:  # pydantic's ValidationError too: a bad BIGNOISE_* variable
        raise _BadInput(f"invalid settings: {error}") from error
    try:
        check_dumps_folder(settings.dumps_path)
    except DumpsFolderError as error:
        raise _BadInput(str(error)) from error
    references = [
        (RATE_CARD, settings.rate_card_file),
        (NICHE_TAXONOMY, settings.niche_taxonomy_file),
    ]
    try:
        for kind, configured in references:
            if configured:
                check_reference_file(kind, Path(configured).expanduser().resolve())
    except ReferenceFileError as error:
        raise _BadInput(str(error)) from error
    if settings.warehouse_path.exists() and not settings.warehouse_path.is_dir():
        raise _BadInput(f"warehouse {settings.warehouse_path} is a file, not a folder")
    days = _backfill_days(args)
    settings.warehouse_path.mkdir(parents=True, exist_ok=True)
    if days is not None and not settings.as_of:
        # The marts describe the end of the last day backfilled, not the latest data loaded.
        end = datetime.combine(days.last + timedelta(days=1), datetime.min.time())
        settings = settings.model_copy(update={"as_of": end.isoformat(sep=" ")})
    interactive = sys.stderr.isatty() and not args.json
    ensure_manifest()
    return run_job(
        settings, show_progress=interactive, rebuild=getattr(args, "rebuild", False), days=days
    )


def _backfill_days(args: argparse.Namespace):
    from assets.ingestion.dump_days import DayRange

    first, last = getattr(args, "from_day", None), getattr(args, "to_day", None)
    if first is None and last is None:
        return None
    if first is None or last is None:
        raise _BadInput("--from and --to go together: give both (the same day for one day)")
    if first > last:
        raise _BadInput(f"--from {first} is after --to {last}")
    from assets.ingestion.dump_days import first_dump_day

    first_day = first_dump_day()  # valid: _run_pipeline checked it with the other settings
    if first < first_day:
        raise _BadInput(
            f"--from {first} is before the first day of the daily partitions, {first_day}:"
            " set BIGNOISE_FIRST_DUMP_DAY to that day or earlier to backfill it"
        )
    return DayRange(first, last)


def _iso_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a day as YYYY-MM-DD: {text!r}") from error


def _run(args: argparse.Namespace) -> int:
    try:
        summary = _run_pipeline(args)
    except _BadInput as error:
        print(f"bignoise: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.json or not sys.stdout.isatty():
        print(json.dumps(summary.as_dict(), indent=2, default=str))
    else:
        _print_summary(summary)
    for error in summary.errors:
        print(f"bignoise: error: {error}", file=sys.stderr)
    return EXIT_OK if summary.success else EXIT_FAILED


def _dbt(args: argparse.Namespace) -> int:
    """`bignoise dbt`: orchestration/dbt_by_hand.py runs dbt; dbt's exit code is this one's."""
    from orchestration.dbt_by_hand import DbtByHandError, run_dbt_by_hand

    dbt_args = args.dbt_args[1:] if args.dbt_args[:1] == ["--"] else args.dbt_args
    if not dbt_args:
        print(
            "bignoise: error: give dbt's arguments after --, e.g. "
            f"bignoise dbt --warehouse {args.warehouse} -- build --select marts",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    try:
        settings = settings_from_args(args)
    except ValueError as error:  # pydantic's ValidationError too: a bad BIGNOISE_* variable
        print(f"bignoise: error: invalid settings: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        return run_dbt_by_hand(settings, dbt_args)
    except DbtByHandError as error:
        print(f"bignoise: error: {error}", file=sys.stderr)
        return error.exit_code


def _print_summary(summary) -> None:
    from assets.ingestion.reasons import REASON_CODES as QUARANTINE_REASONS

    if summary.nothing_new:
        print(
            f"nothing new: release {summary.release_id} (current) was built from the same dump "
            "files, settings and code; nothing was done (--rebuild runs anyway)"
        )
        print(f"database: {summary.published_database}")
        return
    status = "succeeded" if summary.success else "FAILED"
    print(f"\nbignoise run {summary.run_id} {status}")
    print(
        f"records: {summary.records_read:,} read, {summary.records_loaded:,} loaded, "
        f"{summary.records_quarantined:,} quarantined"
    )
    for code, count in summary.quarantine_reasons.items():
        print(f"  quarantined {count:,}: {code} ({QUARANTINE_REASONS.get(code, code)})")
    print(
        f"checks: {summary.checks_passed} passed, {len(summary.checks_failed)} failed, "
        f"{len(summary.warnings)} warnings"
    )
    for check in summary.checks_failed:
        print(f"  failed: {check}")
    for warning in summary.warnings:
        print(f"  warning: {warning}")
    if summary.rows_per_table:
        print("published tables:")
        for table, rows in summary.rows_per_table.items():
            print(f"  {table:<28} {rows:>10,} rows")
        print(f"database: {summary.published_database}")
        print(f"parquet:  {summary.published_parquet_dir}")
    if summary.release_is_current is False:
        print(
            f"release {summary.release_id} (as_of {summary.as_of}) is older than the current "
            "release, which stays current: make it current with `bignoise rollback --warehouse W "
            f"{summary.release_id}`, or run with --older-release make_current"
        )


def _unload(args: argparse.Namespace) -> int:
    from filelock import FileLock, Timeout

    from orchestration.incremental_state import forget_built_project
    from orchestration.run_inputs import forget
    from orchestration.settings import BignoiseSettings
    from orchestration.unload import unload_file
    from orchestration.warehouse import working_connection

    settings = BignoiseSettings(dumps_dir="", warehouse_dir=str(args.warehouse))
    if not settings.work_database.is_file():
        print(f"bignoise: error: no working database at {settings.work_database}", file=sys.stderr)
        return EXIT_BAD_INPUT
    lock = FileLock(settings.warehouse_path / "work" / "run.lock")
    try:
        with lock.acquire(timeout=0), working_connection(settings) as connection:
            result = unload_file(connection, args.file.expanduser().resolve())
            forget(settings)  # the working data changed: the next run must rebuild
            # ...dbt's incremental models too: they still hold the file's comment snapshots.
            forget_built_project(settings)
    except Timeout:
        print(
            f"bignoise: error: warehouse {settings.warehouse_path} is in use by a run",
            file=sys.stderr,
        )
        return EXIT_FAILED
    except LookupError as error:
        print(f"bignoise: error: {error.args[0]}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(
        f"unloaded {result.file}: {result.records_removed:,} records and "
        f"{result.quarantined_removed:,} quarantined ones removed; the next run rebuilds without it"
    )
    return EXIT_OK


def _releases(args: argparse.Namespace) -> int:
    from orchestration.publish import list_releases

    serving = args.warehouse.expanduser().resolve() / "serving"
    found = list_releases(serving)
    if args.json or not sys.stdout.isatty():
        print(json.dumps(found, indent=2, default=str))
        return EXIT_OK
    if not found:
        print(f"no releases under {serving / 'releases'}")
        return EXIT_OK
    print(f"releases under {serving / 'releases'} (oldest first; * = current):")
    for release in found:
        rows = sum(release["row_counts"].values())
        mark = "*" if release["is_current"] else " "
        print(
            f" {mark} {release['release_id']}  as of {release['as_of']}  published "
            f"{release['published_at']}  {len(release['row_counts'])} tables, {rows:,} rows"
        )
    return EXIT_OK


def _rollback(args: argparse.Namespace) -> int:
    from orchestration.publish import ReleaseError, current_release_id, list_releases, make_current

    serving = args.warehouse.expanduser().resolve() / "serving"
    ids = [release["release_id"] for release in list_releases(serving)]
    current = current_release_id(serving)
    target = args.release
    if target is None and not ids:
        print(f"bignoise: error: nothing published yet under {serving}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if target is None:
        earlier = ids[: ids.index(current)] if current in ids else []
        if not earlier:
            print(f"bignoise: error: no release before {current} to roll back to", file=sys.stderr)
            return EXIT_BAD_INPUT
        target = earlier[-1]
    try:
        make_current(serving, target)
    except ReleaseError as error:
        known = ", ".join(ids) or "none"
        print(f"bignoise: error: {error} (releases: {known})", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"release {target} is current (was {current})")
    return EXIT_OK


def _served_database(warehouse: Path) -> Path | None:
    """The published database of a warehouse, or None (with the error printed) when absent."""
    database = warehouse.expanduser().resolve() / "serving" / "marts.duckdb"
    if not database.exists():
        print(f"bignoise: error: nothing published yet at {database}", file=sys.stderr)
        return None
    return database


def _print_page(text: str) -> None:
    """Print a report; a reader closing the pipe early (`| head`) is not an error."""
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # Python's recipe: point stdout at devnull so the flush at exit does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _top(args: argparse.Namespace) -> int:
    from orchestration.report import top_by_niche

    database = _served_database(args.warehouse)
    if database is None:
        return EXIT_BAD_INPUT
    text = top_by_niche(database, args.per_niche, tier=args.tier, platform=args.platform)
    _print_page(
        f"{text}\n\npublished database: {database}\n"
        f"published parquet:  {database.parent / 'parquet'}\n"
        f"one creator's vetting dossier: bignoise explain --warehouse {args.warehouse} HANDLE"
    )
    return EXIT_OK


def _explain(args: argparse.Namespace) -> int:
    from orchestration.dossier import (
        CreatorNotFound,
        describe_candidate,
        dossier_data,
        dossier_text,
        find_creators,
    )

    database = _served_database(args.warehouse)
    if database is None:
        return EXIT_BAD_INPUT
    try:
        candidates = find_creators(database, args.creator)
    except CreatorNotFound as missing:
        print(f"bignoise: error: no creator matches {args.creator!r}", file=sys.stderr)
        if missing.suggestions:
            print("close handles:", file=sys.stderr)
            for candidate in missing.suggestions:
                print(f"  {describe_candidate(candidate)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if len(candidates) > 1:
        print(
            f"bignoise: error: {len(candidates)} creators match {args.creator!r};"
            " give the creator_key of one:",
            file=sys.stderr,
        )
        for candidate in candidates:
            print(f"  {describe_candidate(candidate)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    creator_key = candidates[0]["creator_key"]
    if args.json:
        _print_page(json.dumps(dossier_data(database, creator_key), indent=2, default=str))
    else:
        _print_page(dossier_text(database, creator_key))
    return EXIT_OK


def _evaluate(args: argparse.Namespace) -> int:
    from evaluation import EvaluationInputError
    from evaluation.evaluate import check_inputs, evaluate_release
    from evaluation.report import format_evaluation

    as_json = args.json or not sys.stdout.isatty()
    try:
        if args.dumps is None and args.warehouse is None:
            raise EvaluationInputError("give --dumps DIR, or --warehouse DIR holding a release")
        check_inputs(args.labels, args.truth)
        with tempfile.TemporaryDirectory(prefix="bignoise-evaluate-") as scratch:
            warehouse = args.warehouse or Path(scratch) / "warehouse"
            summary = None
            if args.dumps is not None:
                summary = _run_pipeline(
                    argparse.Namespace(**{**vars(args), "warehouse": warehouse})
                )
                if not summary.success:
                    return _pipeline_failed(summary, as_json, kept=args.warehouse is not None)
            result = {
                "pipeline": summary.as_dict() if summary else None,
                **evaluate_release(warehouse, args.labels, args.truth),
            }
    except (_BadInput, EvaluationInputError) as error:
        print(f"bignoise: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(json.dumps(result, indent=2, default=str) if as_json else format_evaluation(result))
    return EXIT_OK


def _pipeline_failed(summary, as_json: bool, kept: bool) -> int:
    if as_json:
        print(json.dumps({"pipeline": summary.as_dict()}, indent=2, default=str))
    else:
        _print_summary(summary)
    for error in summary.errors:
        print(f"bignoise: error: {error}", file=sys.stderr)
    if not kept:
        print(
            "bignoise: the temporary warehouse is removed: give --warehouse to keep it",
            file=sys.stderr,
        )
    return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
