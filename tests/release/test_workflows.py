"""What the JSON schema of the workflows (pre-commit's check) cannot see.

The schema knows the shape of a workflow; it does not know whether a
``steps.<id>`` or ``needs.<job>`` exists, whether a script a step runs is in
the repository, or whether a called workflow can be called. A misspelt
reference there would only fail on GitHub.
"""

from __future__ import annotations

from pathlib import Path
import re
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
CONTEXTS = {
    "github",
    "env",
    "vars",
    "job",
    "jobs",
    "steps",
    "runner",
    "secrets",
    "strategy",
    "matrix",
    "needs",
    "inputs",
}
_EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
_QUOTED = re.compile(r"'(?:[^']|'')*'")
_NAME = re.compile(r"(?<![\w.])([A-Za-z_][\w-]*)((?:\.[\w*-]+)*)\s*(\()?")
_REPO_SCRIPT = re.compile(r"(?:^|[\s;&|(])((?:scripts|\.ci)/[\w./-]+)")


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    # YAML 1.1 reads the key "on" as True.
    if True in data:
        data["on"] = data.pop(True)
    return data


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for value in node.values() for s in _strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in _strings(value)]
    return []


def test_there_are_the_three_workflows() -> None:
    assert {path.name for path in WORKFLOWS} >= {"tests.yml", "validate.yml", "release.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_references_resolve(path: Path) -> None:
    workflow = _load(path)
    jobs: dict[str, Any] = workflow["jobs"]
    for job_id, job in jobs.items():
        step_ids = {step["id"] for step in job.get("steps", []) if "id" in step}
        needs = job.get("needs", [])
        needs = {needs} if isinstance(needs, str) else set(needs)
        assert needs <= set(jobs), f"{job_id}: needs unknown jobs {needs - set(jobs)}"
        for text in _strings(job):
            for expression in _EXPRESSION.findall(text):
                for context, rest, call in _NAME.findall(_QUOTED.sub("''", expression)):
                    if call or context in {"true", "false", "null"}:
                        continue  # a function or a literal
                    assert context in CONTEXTS, f"{job_id}: unknown context in {expression!r}"
                    parts = rest.split(".")[1:]
                    if context == "steps":
                        assert parts[0] in step_ids, f"{job_id}: no step id {parts[0]!r}"
                    if context == "needs":
                        assert parts[0] in needs, f"{job_id}: {parts[0]!r} is not in needs"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_scripts_and_called_workflows_exist(path: Path) -> None:
    workflow = _load(path)
    for job_id, job in workflow["jobs"].items():
        uses = job.get("uses", "")
        if uses.startswith("./"):
            called = _load(REPO / uses)
            assert "workflow_call" in called["on"], f"{job_id}: {uses} cannot be called"
        for step in job.get("steps", []):
            for script in _REPO_SCRIPT.findall(step.get("run", "")):
                target = REPO / script
                assert target.is_file(), f"{job_id}: {script} does not exist"
                assert target.stat().st_mode & 0o111, f"{job_id}: {script} is not executable"


def test_release_publishes_only_after_the_tests() -> None:
    release = _load(REPO / ".github" / "workflows" / "release.yml")
    assert release["on"] == {"push": {"tags": ["v*"]}}
    publish = release["jobs"]["release"]
    assert release["jobs"][publish["needs"]]["uses"] == "./.github/workflows/tests.yml"
    # Only the publishing job may write to the repository.
    assert release["permissions"] == {"contents": "read"}
    assert publish["permissions"] == {"contents": "write"}


def test_tests_workflow_provides_both_pythons_to_scripts_test() -> None:
    tests = _load(REPO / ".github" / "workflows" / "tests.yml")
    (job,) = tests["jobs"].values()
    versions = {
        step["id"]: step["with"]["python-version"]
        for step in job["steps"]
        if step.get("uses", "").startswith("actions/setup-python@")
    }
    oldest = next(sid for sid, version in versions.items() if version == "3.13")
    current = next(sid for sid, version in versions.items() if version == "3.14")
    run = next(step for step in job["steps"] if step.get("run") == "scripts/test")
    assert run["env"]["ASTROS_PYTHON"] == f"${{{{ steps.{oldest}.outputs.python-path }}}}"
    assert run["env"]["ASTROS_PYTHON_CURRENT"] == f"${{{{ steps.{current}.outputs.python-path }}}}"
    assert run["env"]["ASTROS_REQUIRE_CURRENT"] == "1"
