"""The process supervisor behind ``bilgiislem serve`` (make run), driven with tiny Python children."""

import os
import signal
import sys
import threading
import time

import pytest

from bilgiislem.core.management.commands.serve import Command, ProcessSpec, Supervisor

# A child that prints a line, then waits for SIGTERM and reports it.
SLEEPER = (
    "import signal, sys, time\n"
    "signal.signal(signal.SIGTERM, lambda *a: (print('got TERM', flush=True), sys.exit(0)))\n"
    "print('ready', flush=True)\n"
    "time.sleep(60)\n"
)


def _spec(name: str, code: str) -> ProcessSpec:
    return ProcessSpec(name, [sys.executable, "-c", code])


def _lines(supervisor_specs, **kwargs):
    lines: list[str] = []
    supervisor = Supervisor(supervisor_specs, lines.append, stop_timeout=5, poll_interval=0.05, **kwargs)
    return supervisor, lines


def test_run_when_one_child_fails_stops_the_others_and_returns_its_status():
    supervisor, lines = _lines([_spec("web", SLEEPER), _spec("worker", "import time; time.sleep(0.5); exit(3)")])

    status = supervisor.run()

    assert status == 3
    assert any(line.startswith("web    | got TERM") for line in lines)
    assert "worker | exited with status 3; stopping the others" in lines


def test_run_when_a_child_exits_zero_still_reports_failure():
    supervisor, _ = _lines([_spec("web", SLEEPER), _spec("scheduler", "print('bye')")])

    assert supervisor.run() == 1


def test_run_on_sigterm_stops_every_child_and_returns_zero():
    supervisor, lines = _lines([_spec("web", SLEEPER), _spec("worker", SLEEPER)])

    def stop_when_ready():
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and sum(line.endswith("| ready") for line in lines) < 2:
            time.sleep(0.05)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=stop_when_ready, daemon=True).start()
    status = supervisor.run()

    assert status == 0
    assert "web    | got TERM" in lines
    assert "worker | got TERM" in lines
    assert "web    | stopped (status 0)" in lines


def test_run_kills_a_child_that_ignores_sigterm():
    stubborn = "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\ntime.sleep(60)"
    supervisor, lines = _lines([_spec("web", stubborn), _spec("worker", "import time; time.sleep(0.5); exit(2)")])
    supervisor.stop_timeout = 0.5

    assert supervisor.run() == 2
    assert "web    | did not stop within 0.5 s; killing it" in lines
    assert f"web    | stopped (status {-signal.SIGKILL})" in lines


@pytest.mark.parametrize(
    ("backend", "expected"),
    [
        ("django_tasks_db.DatabaseBackend", ["web", "worker", "scheduler"]),
        ("django.tasks.backends.immediate.ImmediateBackend", ["web", "scheduler"]),
    ],
)
def test_process_specs_start_the_database_worker_only_for_the_database_backend(settings, backend, expected):
    settings.TASKS = {"default": {"BACKEND": backend}}
    options = {"runserver": False, "bind": "127.0.0.1:8001", "workers": 2, "stop_timeout": 10.0,
               "no_worker": False, "no_scheduler": False}  # fmt: skip

    specs = Command().process_specs(options)

    assert [s.name for s in specs] == expected
    assert specs[0].argv[specs[0].argv.index("--bind") + 1] == "127.0.0.1:8001"
    assert specs[-1].argv[-2:] == ["crontask", "--no-heartbeat"]
