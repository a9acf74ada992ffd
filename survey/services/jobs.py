"""Report downloads as background jobs: a small thread pool renders, a status file tells any page how far it is.

Why this shape: a quarterly PDF takes a few seconds of CPU, too long to hold a web worker but too short to
justify a queue server. A request starts the job and returns at once; the job runs in a thread of the same
process (at most JOB_WORKERS at a time, the rest wait their turn) and writes its progress and its file into the
instance folder, so the status page works from any worker process of the same machine. If the process dies
mid-way, the job is shown as failed after STALE_AFTER. Several machines would need a shared folder (or a real
queue): stated in the README.
"""
from __future__ import annotations

import json
import os
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

JOB_WORKERS = 2
STALE_AFTER = 15 * 60  # seconds without progress before a running job counts as failed
KEEP_FOR = 24 * 3600  # finished jobs and their files are removed after a day
_ID_CHARS = set("0123456789abcdef")

_executor: ThreadPoolExecutor | None = None
_lock = threading.Lock()


@dataclass
class Job:
    """A report job as its status file holds it."""

    id: str
    actor: str
    area: str
    period: str
    fmt: str
    status: str = "queued"  # queued | running | done | failed
    step: str = ""
    done_steps: int = 0
    total_steps: int = 1
    message: str = ""
    filename: str = ""
    media_type: str = ""
    created: float = field(default_factory=time.time)
    updated: float = field(default_factory=time.time)

    @property
    def percent(self) -> int:
        if self.status == "done":
            return 100
        return min(99, round(100 * self.done_steps / max(1, self.total_steps)))

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")


def _executor_instance() -> ThreadPoolExecutor:
    """The pool, created on first use (never at import)."""
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=JOB_WORKERS, thread_name_prefix="thuocdo-report")
        return _executor


def jobs_dir(instance_path: str) -> Path:
    """Where job status files and outputs live."""
    folder = Path(instance_path) / "jobs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _save(folder: Path, job: Job) -> None:
    job.updated = time.time()
    tmp = folder / f"{job.id}.json.tmp"
    tmp.write_text(json.dumps(asdict(job), ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, folder / f"{job.id}.json")  # atomic: a reader never sees half a file


def load(folder: Path, job_id: str) -> Job | None:
    """The job with this id, or None (ids are checked, so no path can be smuggled in)."""
    if len(job_id) != 32 or not set(job_id) <= _ID_CHARS:
        return None
    path = folder / f"{job_id}.json"
    if not path.exists():
        return None
    job = Job(**json.loads(path.read_text(encoding="utf-8")))
    if not job.finished and time.time() - job.updated > STALE_AFTER:
        job.status, job.message = "failed", "Quá trình lập báo cáo bị gián đoạn; vui lòng thử lại."
    return job


def output_path(folder: Path, job: Job) -> Path:
    """The rendered file of a finished job."""
    return folder / f"{job.id}.{job.fmt}"


def _cleanup(folder: Path) -> None:
    """Remove jobs (and files) older than KEEP_FOR."""
    limit = time.time() - KEEP_FOR
    for path in folder.iterdir():
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


def start_report(app: Any, *, actor: str, area: str, period: str, fmt: str, total_steps: int, k: int,
                 today: date) -> Job:
    """Queue a report for rendering in the background and return its job at once."""
    folder = jobs_dir(app.instance_path)
    _cleanup(folder)
    job = Job(secrets.token_hex(16), actor, area.upper(), period.upper(), fmt, total_steps=total_steps)
    _save(folder, job)
    _executor_instance().submit(_run, app, folder, job, k, today)
    return job


def _run(app: Any, folder: Path, job: Job, k: int, today: date) -> None:
    """The job itself, in a pool thread with its own app context and database session."""
    from survey.extensions import db
    from survey.services.reports import generate

    def progress(step: str) -> None:
        job.step, job.done_steps = step, job.done_steps + 1
        _save(folder, job)

    with app.app_context():
        job.status = "running"
        _save(folder, job)
        try:
            generated = generate(db.session, job.area, job.period, job.fmt, k=k, today=today, progress=progress)
            db.session.commit()  # the wave figures it computed are kept for every later output
            output_path(folder, job).write_bytes(generated.content)
            job.status, job.filename, job.media_type = "done", generated.filename, generated.media_type
        except ValueError as error:
            job.status, job.message = "failed", str(error)
        except Exception:  # noqa: BLE001 - the page must say it failed; the log keeps the traceback
            app.logger.exception("report job %s failed", job.id)
            job.status, job.message = "failed", "Đã có lỗi khi lập báo cáo; vui lòng thử lại hoặc báo quản trị viên."
        finally:
            db.session.remove()
        _save(folder, job)


def wait(folder: Path, job_id: str, timeout: float = 60.0) -> Job | None:
    """Poll until the job finishes (for the CLI and tests)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        job = load(folder, job_id)
        if job is None or job.finished:
            return job
        time.sleep(0.1)
    return load(folder, job_id)
