"""The GitHub Actions workflow is valid (checked offline against the GitHub workflow schema),
passes zizmor's audit (offline) with nothing to report, and runs what the README and
CONTRIBUTING promise."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from markdown_pages import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
CHECK = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows"]
# zizmor (a Rust binary installed from PyPI beside this interpreter), offline: no GitHub API
ZIZMOR = [str(Path(sys.executable).parent / "zizmor"), "--offline", "--no-progress", "--format", "json"]


def _jobs() -> dict:
    (workflow,) = WORKFLOWS
    return yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]


def _runs(job: dict) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def test_workflows_validate_against_the_github_schema():
    assert WORKFLOWS, "no workflow in .github/workflows"
    result = subprocess.run([*CHECK, *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_catches_a_broken_workflow(tmp_path: Path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  cpu:\n    runs-on: ubuntu-latest\n    steps: make test\n", encoding="utf-8")
    result = subprocess.run([*CHECK, str(broken)], capture_output=True, text=True)
    assert result.returncode != 0 and "steps" in result.stdout + result.stderr


def _zizmor(*paths: Path) -> list[dict]:
    result = subprocess.run([*ZIZMOR, *map(str, paths)], capture_output=True, text=True)
    assert result.stdout.strip(), result.stderr
    return json.loads(result.stdout)


def test_zizmor_reports_nothing():
    findings = _zizmor(*WORKFLOWS)
    assert findings == [], "\n".join(
        f"line {loc['concrete']['location']['start_point']['row'] + 1}: {f['ident']}: {f['desc']}: {loc['concrete']['feature'].splitlines()[0]}"
        for f in findings for loc in f["locations"][:1]
    )


def test_zizmor_catches_an_unpinned_action_that_keeps_credentials(tmp_path: Path):
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: push\npermissions: {}\njobs:\n  cpu:\n    runs-on: ubuntu-latest\n    permissions: {}\n"
        "    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/upload-artifact@v4\n"
        "        with: {name: a, path: .}\n",
        encoding="utf-8",
    )
    assert {f["ident"] for f in _zizmor(bad)} >= {"unpinned-uses", "artipacked"}


def test_every_action_is_pinned_to_a_commit_with_its_version_beside_it():
    for workflow in WORKFLOWS:
        for line in workflow.read_text(encoding="utf-8").splitlines():
            if re.match(r"\s*(- )?uses:", line):
                assert re.fullmatch(r"\s*(- )?uses: [\w-]+/[\w.-]+@[0-9a-f]{40}  # v\d+\.\d+\.\d+", line), line


def test_each_job_has_only_the_permissions_it_needs_and_checkout_keeps_no_token():
    (workflow,) = WORKFLOWS
    assert yaml.safe_load(workflow.read_text(encoding="utf-8"))["permissions"] == {}
    writers = {}
    for name, job in _jobs().items():
        assert "permissions" in job, f"job {name} must say which permissions it needs"
        writers.update({f"{name}: {scope}": access for scope, access in job["permissions"].items() if access != "read"})
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, name
    assert writers == {"deploy: pages": "write", "deploy: id-token": "write"}


def test_cpu_job_installs_from_the_lock_with_torch_cpu_build():
    cpu = _jobs()["cpu"]
    assert cpu["env"]["TORCH_WHEELS"] == "https://download.pytorch.org/whl/cpu/torch/"
    (cache,) = [step for step in cpu["steps"] if step.get("uses", "").startswith("actions/cache@")]
    assert "hashFiles('lock/*.txt')" in cache["with"]["key"]


def test_cpu_job_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r"^(make test)\b", readme, re.M).group(1)
    ci_script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(rf"^{command}$", ci_script, re.M), ".ci/run must call the README's test command"
    cpu = _jobs()["cpu"]
    assert command in _runs(cpu)
    assert "upload-pages-artifact" in " ".join(step.get("uses", "") for step in cpu["steps"])


def test_cuda_job_is_gated_by_a_variable_fails_without_cuda_and_runs_the_cuda_tests():
    cuda = _jobs()["cuda"]
    assert re.fullmatch(r"vars\.\w+ == 'true'", cuda["if"]), cuda["if"]
    assert "gpu" in cuda["runs-on"] and "self-hosted" in cuda["runs-on"]
    runs = _runs(cuda)
    check = next(i for i, r in enumerate(runs) if "torch.cuda.is_available()" in r)
    tests = next(i for i, r in enumerate(runs) if "pytest" in r and "-k cuda" in r)
    assert check < tests, "CUDA must be checked before the tests, which would otherwise all skip"


def test_deploy_publishes_only_from_main_after_the_cpu_job():
    deploy = _jobs()["deploy"]
    assert deploy["needs"] == "cpu"
    assert "refs/heads/main" in deploy["if"] and "push" in deploy["if"]
    assert any("deploy-pages" in step.get("uses", "") for step in deploy["steps"])


def test_compat_job_checks_each_torch_of_the_matrix_against_the_committed_data():
    """The versions come from pyproject's [tool.compat] (one place), through `compat.py --versions`."""
    jobs = _jobs()
    assert _runs(jobs["compat-versions"]) == ['python3 tools/compat.py --versions >> "$GITHUB_OUTPUT"']
    assert jobs["compat"]["strategy"]["matrix"]["torch"] == "${{ fromJSON(needs.compat-versions.outputs.versions) }}"
    assert _runs(jobs["compat"]) == ['python3 tools/compat.py --check "$TORCH_VERSION"']
    assert jobs["compat"]["env"]["TORCH_VERSION"] == "${{ matrix.torch }}", "through the environment: no template in a script"
    assert jobs["compat"]["env"]["PIP_INDEX_URL"] == "https://download.pytorch.org/whl/cpu", "CPU wheels: no multi-GB CUDA download"
