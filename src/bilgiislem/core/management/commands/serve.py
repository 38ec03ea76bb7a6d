"""Run the web server, the task worker and the scheduler together, as ``make run`` does.

Each process runs as a child in its own process group, so Ctrl-C in the terminal reaches only this
supervisor, which then asks every child once (SIGTERM) to stop: the task worker finishes its current
task, the scheduler releases its lock. Output lines are prefixed with the process name. When one child
dies, the others are stopped and the supervisor exits with the dead child's status (1 if it exited 0,
since none of them should stop on its own).
"""

import contextlib
import os
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass

from django.conf import settings
from django.core.management.base import BaseCommand

DATABASE_TASKS_BACKEND = "django_tasks_db.DatabaseBackend"


@dataclass(frozen=True)
class ProcessSpec:
    name: str
    argv: list[str]


class Supervisor:
    """Start processes, prefix their output, stop all when one dies or on SIGINT/SIGTERM/SIGHUP."""

    def __init__(self, specs: list[ProcessSpec], write, *, stop_timeout: float = 10.0, poll_interval: float = 0.2):
        self.specs = specs
        self.write = write  # callable(str) -> None, one line without the newline
        self.stop_timeout = stop_timeout
        self.poll_interval = poll_interval
        self._stop = threading.Event()
        self._write_lock = threading.Lock()
        self._width = max(len(s.name) for s in specs)

    def request_stop(self, signum: int | None = None, frame=None) -> None:
        self._stop.set()

    def _emit(self, name: str, line: str) -> None:
        with self._write_lock:
            self.write(f"{name:<{self._width}} | {line}")

    def _pump(self, name: str, stream) -> None:
        for line in iter(stream.readline, ""):
            self._emit(name, line.rstrip("\n"))
        stream.close()

    def run(self) -> int:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        stop_signals = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
        previous = {sig: signal.signal(sig, self.request_stop) for sig in stop_signals}
        procs: list[tuple[ProcessSpec, subprocess.Popen]] = []
        pumps: list[threading.Thread] = []
        status = 0
        try:
            for spec in self.specs:
                proc = subprocess.Popen(
                    spec.argv,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                    errors="replace",
                    env=env,
                    process_group=0,  # the terminal's Ctrl-C must not reach the children directly
                )
                procs.append((spec, proc))
                pump = threading.Thread(target=self._pump, args=(spec.name, proc.stdout), daemon=True)
                pump.start()
                pumps.append(pump)
                self._emit(spec.name, f"started (pid {proc.pid}): {' '.join(spec.argv)}")
            while not self._stop.is_set():
                dead = next(((s, p) for s, p in procs if p.poll() is not None), None)
                if dead is not None:
                    spec, proc = dead
                    code = proc.returncode
                    self._emit(spec.name, f"exited with status {code}; stopping the others")
                    status = (128 - code) if code < 0 else (code or 1)
                    break
                self._stop.wait(self.poll_interval)
        finally:
            self._stop_all(procs)
            for pump in pumps:
                pump.join(timeout=2)
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return status

    def _stop_all(self, procs: list[tuple[ProcessSpec, subprocess.Popen]]) -> None:
        alive = [(s, p) for s, p in procs if p.poll() is None]
        for spec, proc in alive:
            self._emit(spec.name, "stopping")
            proc.send_signal(signal.SIGTERM)
        for spec, proc in alive:
            try:
                proc.wait(timeout=self.stop_timeout)
            except subprocess.TimeoutExpired:
                self._emit(spec.name, f"did not stop within {self.stop_timeout:g} s; killing it")
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)  # its whole group: gunicorn's workers too
                proc.wait()
            self._emit(spec.name, f"stopped (status {proc.returncode})")


class Command(BaseCommand):
    help = "Run the web server, the task worker and the scheduler together; Ctrl-C stops all three."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000", help="Address of the web server (host:port).")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes.")
        parser.add_argument(
            "--runserver", action="store_true", help="Use Django's runserver (--noreload) instead of gunicorn."
        )
        parser.add_argument("--no-worker", action="store_true", help="Do not start the task worker.")
        parser.add_argument("--no-scheduler", action="store_true", help="Do not start the scheduler.")
        parser.add_argument("--stop-timeout", type=float, default=10.0, help="Seconds to wait for each process.")

    def handle(self, *args, **options):
        specs = self.process_specs(options)
        supervisor = Supervisor(
            specs, lambda line: (self.stdout.write(line), self.stdout.flush()), stop_timeout=options["stop_timeout"]
        )
        status = supervisor.run()
        if status:
            raise SystemExit(status)

    def process_specs(self, options) -> list[ProcessSpec]:
        command = [sys.executable, "-m", "bilgiislem"]
        if options["runserver"]:
            web = [*command, "runserver", "--noreload", "--skip-checks", options["bind"]]
        else:
            web = [
                sys.executable, "-m", "gunicorn", "bilgiislem.config.wsgi",
                "--bind", options["bind"],
                "--workers", str(options["workers"]),
                "--graceful-timeout", f"{options['stop_timeout']:g}",
                "--access-logfile", "-",
                "--no-control-socket",  # gunicorn 27 would otherwise open one in ~/.gunicorn
            ]  # fmt: skip
        specs = [ProcessSpec("web", web)]
        if not options["no_worker"]:
            backend = settings.TASKS["default"]["BACKEND"]
            if backend == DATABASE_TASKS_BACKEND:
                specs.append(ProcessSpec("worker", [*command, "db_worker", "--no-startup-delay"]))
            else:
                self.stdout.write(f"Tasks backend {backend}: start its own worker separately (see docs/tasks.md).")
        if not options["no_scheduler"]:
            specs.append(ProcessSpec("scheduler", [*command, "crontask", "--no-heartbeat"]))
        return specs
