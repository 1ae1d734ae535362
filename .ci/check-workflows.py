"""Checks .github/workflows/*.yml without GitHub: each parses as YAML and has the shape GitHub Actions accepts
(triggers, jobs with runs-on and steps, each step one of uses/run, known keys only). No actionlint here (a Go
binary); this catches the mistakes a typo makes: a misspelled key, a step with both or neither of uses/run."""
import pathlib
import sys

import yaml

WORKFLOW_KEYS = {"name", "run-name", "on", "permissions", "env", "defaults", "concurrency", "jobs"}
JOB_KEYS = {"name", "needs", "if", "runs-on", "environment", "concurrency", "outputs", "env", "defaults", "steps",
            "timeout-minutes", "strategy", "continue-on-error", "container", "services", "permissions", "uses",
            "with", "secrets"}
STEP_KEYS = {"id", "if", "name", "uses", "run", "shell", "with", "env", "continue-on-error", "timeout-minutes",
             "working-directory"}
EVENTS = {"push", "pull_request", "workflow_dispatch", "schedule", "release", "workflow_call", "pull_request_target"}


def problems(path):
    # YAML 1.1 reads a bare `on` as True; GitHub reads it as the key "on".
    doc = yaml.load(path.read_text(), Loader=yaml.BaseLoader)
    if not isinstance(doc, dict):
        yield "not a mapping"
        return
    yield from (f"unknown key {k!r}" for k in doc if k not in WORKFLOW_KEYS)
    on = doc.get("on")
    if not on:
        yield "no 'on' triggers"
    elif isinstance(on, dict):
        yield from (f"unknown event {e!r}" for e in on if e not in EVENTS)
    jobs = doc.get("jobs") or {}
    if not jobs:
        yield "no jobs"
    for job_id, job in jobs.items():
        yield from (f"job {job_id}: unknown key {k!r}" for k in job if k not in JOB_KEYS)
        if "uses" in job:
            continue
        if "runs-on" not in job:
            yield f"job {job_id}: no runs-on"
        for i, step in enumerate(job.get("steps") or []):
            where = f"job {job_id} step {i + 1} ({step.get('name', step.get('uses', '?'))})"
            yield from (f"{where}: unknown key {k!r}" for k in step if k not in STEP_KEYS)
            if ("uses" in step) == ("run" in step):
                yield f"{where}: needs exactly one of uses/run"
            if "uses" in step and "@" not in step["uses"] and not step["uses"].startswith("./"):
                yield f"{where}: action {step['uses']!r} has no @version"


failed = False
files = sorted(pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".github/workflows").glob("*.y*ml"))
for path in files:
    found = list(problems(path))
    failed |= bool(found)
    print(f"{path}: {'ok' if not found else ''}")
    for problem in found:
        print(f"  {problem}")
sys.exit(1 if failed or not files else 0)
