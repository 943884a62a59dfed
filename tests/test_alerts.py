"""Failure alerts: the log line, the JSON POSTed to a real local webhook, and what happens when the
webhook is down; through send_alert, the step-failure hook and the run-failure sensor."""

from __future__ import annotations

import json
import logging
import socket
import threading
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import dagster as dg
import pytest

from orchestration.alerts import send_alert
from orchestration.jobs import alert_on_step_failure, bignoise_job
from orchestration.sensors import bignoise_run_failure_alert_sensor


class Webhook:
    """A local HTTP server that records each POSTed JSON body and answers `status`."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.headers: list[dict[str, str]] = []
        self.status = 200
        webhook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                webhook.headers.append(dict(self.headers))
                webhook.received.append(json.loads(body))
                self.send_response(webhook.status)
                self.end_headers()

            def log_message(self, *args) -> None:  # keep the test output quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/secret-token"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def kinds(self) -> list[str]:
        return [message["kind"] for message in self.received]


@pytest.fixture
def webhook(monkeypatch):
    hook = Webhook()
    hook.thread.start()
    monkeypatch.setenv("BIGNOISE_ALERT_WEBHOOK", hook.url)
    yield hook
    hook.server.shutdown()
    hook.server.server_close()


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/hooks/secret-token"


def test_send_alert_posts_the_documented_json_and_logs_one_line(webhook, caplog):
    caplog.set_level(logging.INFO, logger="bignoise.alerts")
    delivered = send_alert(
        "run_failure",
        "the run failed:\nstep boom",
        run_id="run-123",
        job_name="bignoise_job",
        details={"failed_steps": ["boom"]},
    )
    assert delivered is True
    [message] = webhook.received
    assert webhook.headers[0]["Content-Type"] == "application/json"
    sent_at = message.pop("sent_at")
    assert datetime.fromisoformat(sent_at).utcoffset().total_seconds() == 0
    line = "bignoise alert [run_failure] bignoise_job run run-123: the run failed: step boom"
    assert message == {
        "source": "bignoise",
        "kind": "run_failure",
        "run_id": "run-123",
        "job": "bignoise_job",
        "summary": "the run failed:\nstep boom",
        "details": {"failed_steps": ["boom"]},
        "text": line,
    }
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert [r.getMessage() for r in errors] == [line]


def test_without_a_webhook_nothing_is_posted_but_the_alert_is_logged(webhook, monkeypatch, caplog):
    monkeypatch.delenv("BIGNOISE_ALERT_WEBHOOK")
    logger = logging.getLogger("test_alerts.given")
    caplog.set_level(logging.INFO, logger="test_alerts.given")
    assert send_alert("step_failure", "step x failed: nope", run_id="r1", log=logger) is False
    assert webhook.received == []
    assert [(r.name, r.levelno) for r in caplog.records] == [("test_alerts.given", logging.ERROR)]
    assert "step x failed: nope" in caplog.records[0].getMessage()


@pytest.mark.parametrize("failure", ["unreachable", "http_500", "not_http"])
def test_a_webhook_that_fails_is_a_warning_not_an_exception(webhook, monkeypatch, caplog, failure):
    caplog.set_level(logging.INFO, logger="bignoise.alerts")
    if failure == "unreachable":
        monkeypatch.setenv("BIGNOISE_ALERT_WEBHOOK", closed_port_url())
    elif failure == "http_500":
        webhook.status = 500
    else:
        monkeypatch.setenv("BIGNOISE_ALERT_WEBHOOK", "file:///etc/passwd")
    assert send_alert("run_failure", "the run failed", run_id="r1") is False
    [warning] = [r for r in caplog.records if r.levelno == logging.WARNING]
    text = warning.getMessage()
    assert "could not be delivered" in text
    assert {"unreachable": "could not be reached", "http_500": "HTTP 500", "not_http": "http://"}[
        failure
    ] in text
    assert "secret-token" not in text  # the URL's path may hold the receiver's token
    assert any(r.levelno == logging.ERROR for r in caplog.records)  # the alert itself still logged


@dg.op
def explode() -> None:
    raise ValueError("the dump folder is on fire")


def test_the_failure_hook_alerts_the_failed_step_with_its_error(webhook):
    @dg.job(hooks={alert_on_step_failure})
    def tiny_job():
        explode()

    result = tiny_job.execute_in_process(raise_on_error=False)
    assert not result.success
    [message] = webhook.received
    assert message["kind"] == "step_failure"
    assert message["run_id"] == result.run_id and message["job"] == "tiny_job"
    assert message["details"]["step_key"] == "explode"
    assert message["details"]["error_type"] == "ValueError"
    assert "the dump folder is on fire" in message["details"]["error"]
    assert "explode" in message["summary"] and "the dump folder is on fire" in message["summary"]


def test_a_failed_blocking_check_alerts_as_a_check_failure_with_its_reason(webhook):
    @dg.asset
    def mart() -> int:
        return 1

    @dg.asset_check(asset=mart, blocking=True)
    def row_count():
        return dg.AssetCheckResult(passed=False, description="0 rows, expected at least 1")

    job = dg.define_asset_job("checked_job", hooks={alert_on_step_failure})
    defs = dg.Definitions(assets=[mart], asset_checks=[row_count], jobs=[job])
    result = defs.resolve_job_def("checked_job").execute_in_process(raise_on_error=False)
    assert not result.success
    [message] = webhook.received
    assert message["kind"] == "check_failure"
    assert message["details"]["what"] == "check failed"
    assert message["summary"].startswith("check failed")
    assert "mart:row_count: 0 rows, expected at least 1" in message["summary"]


def test_bignoise_job_carries_the_failure_hook():
    assert alert_on_step_failure in bignoise_job.hooks
    from orchestration.definitions import defs

    assert alert_on_step_failure in defs.resolve_job_def("bignoise_job").hook_defs


def test_the_run_failure_sensor_alerts_the_failed_run(webhook):
    @dg.job
    def tiny_job():
        explode()

    with dg.DagsterInstance.ephemeral() as instance:
        result = tiny_job.execute_in_process(instance=instance, raise_on_error=False)
        assert not result.success
        context = dg.build_run_status_sensor_context(
            sensor_name="bignoise_run_failure_alert_sensor",
            dagster_event=result.get_run_failure_event(),
            dagster_instance=instance,
            dagster_run=result.dagster_run,
        )
        bignoise_run_failure_alert_sensor(context)
    [message] = webhook.received
    assert message["kind"] == "run_failure"
    assert message["run_id"] == result.run_id and message["job"] == "tiny_job"
    assert message["details"]["failed_steps"] == ["explode"]
    assert message["summary"] == result.get_run_failure_event().message


def test_the_run_failure_sensor_is_on_by_default():
    # It only reports: off by default, nobody would hear of a failure under the daemon.
    assert bignoise_run_failure_alert_sensor.default_status == dg.DefaultSensorStatus.RUNNING


def test_an_undeliverable_alert_from_a_run_also_warns_on_python_logging(monkeypatch, caplog):
    # A run's logger may print nothing (`bignoise run --json`); the warning must still surface.
    monkeypatch.setenv("BIGNOISE_ALERT_WEBHOOK", closed_port_url())
    caplog.set_level(logging.WARNING, logger="bignoise.alerts")

    @dg.job(hooks={alert_on_step_failure})
    def tiny_job():
        explode()

    assert not tiny_job.execute_in_process(raise_on_error=False).success
    [warning] = [r for r in caplog.records if r.name == "bignoise.alerts"]
    assert "could not be delivered" in warning.getMessage()
