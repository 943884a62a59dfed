"""Failure alerts: one clear log line always, and a JSON POST when a webhook is configured.

The run-failure sensor (orchestration/sensors.py) and the step-failure hook (orchestration/jobs.py)
both call `send_alert`. Delivering an alert is best effort by design: a webhook that is down or
misconfigured must never turn a failed run into a crashed sensor or hide the original failure, so
`send_alert` never raises for delivery problems; it logs a warning saying why and returns False.

The message holds only what the failure itself says (run id, job, step, error text), never a
setting's value; the webhook URL, which often carries a token, is only ever logged as its host.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import urlsplit

from orchestration.settings import env

AlertKind = Literal["run_failure", "step_failure", "check_failure"]

WEBHOOK_TIMEOUT_SECONDS = 5
# Long error texts (dbt's, with compiled SQL) are clipped: an alert points at the log, it is not it.
MAX_TEXT_CHARS = 2000

_logger = logging.getLogger("bignoise.alerts")


def alert_message(
    kind: AlertKind,
    summary: str,
    *,
    run_id: str | None = None,
    job_name: str | None = None,
    details: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The JSON body POSTed to the webhook (docs/alerts.md). `text` repeats the log line, for
    receivers that display a single text field."""
    summary = _clip(summary)
    return {
        "source": "bignoise",
        "kind": kind,
        "run_id": run_id,
        "job": job_name,
        "summary": summary,
        "details": {key: _clip(value) for key, value in (details or {}).items()},
        "sent_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "text": _log_line(kind, summary, run_id, job_name),
    }


def send_alert(
    kind: AlertKind,
    summary: str,
    *,
    run_id: str | None = None,
    job_name: str | None = None,
    details: Mapping[str, Any] | None = None,
    log: logging.Logger | None = None,
) -> bool:
    """Log the alert as one error line on `log` (Dagster's context.log, or this module's logger)
    and, when BIGNOISE_ALERT_WEBHOOK is set, POST it there as JSON.

    Returns True only when a webhook accepted it (a 2xx answer); False when no webhook is set or
    delivery failed (then a warning says why). Never raises for delivery problems."""
    log = log or _logger
    message = alert_message(kind, summary, run_id=run_id, job_name=job_name, details=details)
    log.error(message["text"])
    url = env("BIGNOISE_ALERT_WEBHOOK").strip()
    if not url:
        return False
    problem = _post_json(url, message)
    if problem is not None:
        warning = (
            f"bignoise alert could not be delivered to the webhook at {_where(url)}: {problem}"
        )
        log.warning(warning)
        if log is not _logger:
            # Also on Python logging (stderr, if nothing else is configured): the run's own logger
            # may print nothing (`bignoise run --json`), and a broken alert channel must not go
            # unnoticed.
            _logger.warning(warning)
        return False
    return True


def _post_json(url: str, message: dict[str, Any]) -> str | None:
    """POST `message`; None when the webhook answered 2xx, else why it did not take it."""
    if urlsplit(url).scheme not in ("http", "https"):
        return "BIGNOISE_ALERT_WEBHOOK must be an http:// or https:// URL"
    request = urllib.request.Request(
        url,
        data=json.dumps(message, default=str).encode(),
        headers={"Content-Type": "application/json", "User-Agent": "bignoise-alerts"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT_SECONDS) as response:
            if not 200 <= response.status < 300:
                return f"it answered HTTP {response.status}"
    except urllib.error.HTTPError as error:  # 4xx and 5xx answers
        return f"it answered HTTP {error.code} {error.reason}"
    except urllib.error.URLError as error:  # refused, unknown host, TLS, timeout while connecting
        return f"it could not be reached ({error.reason})"
    except (TimeoutError, OSError, ValueError) as error:  # a timeout mid-answer, a malformed URL
        return f"{type(error).__name__}: {error}"
    return None


def _log_line(kind: str, summary: str, run_id: str | None, job_name: str | None) -> str:
    where = " ".join(part for part in (job_name, f"run {run_id}" if run_id else None) if part)
    line = f"bignoise alert [{kind}]{f' {where}' if where else ''}: {summary}"
    return " ".join(line.split())  # one line, whatever the error text's line breaks


def _where(url: str) -> str:
    """The webhook without its path or query, which often hold the receiver's secret token."""
    parts = urlsplit(url)
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:  # a port that is not a number: the delivery problem says so
        port = ""
    return f"{parts.scheme}://{parts.hostname or '?'}{port}"


def _clip(value: Any) -> Any:
    if isinstance(value, str) and len(value) > MAX_TEXT_CHARS:
        return value[: MAX_TEXT_CHARS - 1] + "…"
    return value
