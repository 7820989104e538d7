"""The environment is locked: lock/requirements.txt holds every package the project installs,
each with its hashes; it agrees with pyproject.toml; and the running environment is exactly it.

    make lock      # refresh lock/ after a change to pyproject.toml (then `make outputs`)
"""

import hashlib
import os
import re
import subprocess
import tomllib
from importlib.metadata import distributions

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from markdown_pages import ROOT

LOCK = ROOT / "lock" / "requirements.txt"
INSTALLER = ROOT / "lock" / "installer.txt"
PROJECT = "pytorch-modules-cheatsheet"
# A `make`-built venv also holds the pip that `python -m venv` seeds (it installs the installer).
SEEDED = {"pip"}


def locked(path=LOCK) -> dict[str, dict]:
    """{name: {"version", "hashes", "via"}} from a `uv pip compile --generate-hashes` file."""
    entries, current = {}, None
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := re.match(r"([A-Za-z0-9._-]+)==(\S+)", line):
            current = entries[canonicalize_name(match[1])] = {"version": match[2], "hashes": [], "via": []}
        elif current and (match := re.search(r"--hash=sha256:([0-9a-f]{64})", line)):
            current["hashes"].append(match[1])
        elif current and (match := re.match(r"\s+#\s+(?:via\s+)?(\S.*)", line)):
            current["via"].append(match[1].removeprefix("via "))
        elif line.strip() and not line.lstrip().startswith("#"):
            raise AssertionError(f"{path.name}: unexpected line {line!r}")
    return entries


def declared() -> dict[str, Requirement]:
    """Every requirement pyproject.toml makes: dependencies and every dependency group."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    groups = pyproject["dependency-groups"]
    texts = list(pyproject["project"]["dependencies"])
    for group in groups.values():
        texts += [item for item in group if isinstance(item, str)]
    requirements = [Requirement(text) for text in texts]
    return {canonicalize_name(r.name): r for r in requirements if r.marker is None or r.marker.evaluate()}


def lock_digest() -> str:
    """What the outputs' stamp records: the lock the environment was built from."""
    return hashlib.sha256(LOCK.read_bytes()).hexdigest()[:12]


def test_every_requirement_in_pyproject_is_locked_at_a_version_it_allows():
    lock = locked()
    missing = sorted(set(declared()) - set(lock))
    assert not missing, f"in pyproject.toml but not in {LOCK.name}: {missing}: run `make lock`"
    wrong = {
        name: f"{lock[name]['version']} not {req.specifier}"
        for name, req in declared().items()
        if not req.specifier.contains(Version(lock[name]["version"]), prereleases=True)
    }
    assert not wrong, f"{LOCK.name} disagrees with pyproject.toml: {wrong}: run `make lock`"


def test_nothing_is_locked_for_a_requirement_pyproject_no_longer_makes():
    """`# via pytorch-modules-cheatsheet (pyproject.toml…)` marks a direct requirement."""
    direct = {name for name, entry in locked().items() if any(via.startswith(PROJECT) for via in entry["via"])}
    stale = sorted(direct - set(declared()))
    assert not stale, f"{LOCK.name} still locks {stale}, which pyproject.toml no longer requires: run `make lock`"


def test_every_locked_package_has_an_exact_version_and_hashes():
    for path in (LOCK, INSTALLER):
        lock = locked(path)
        assert lock, f"{path.name} locks nothing"
        unhashed = sorted(name for name, entry in lock.items() if not entry["hashes"])
        assert not unhashed, f"{path.name}: no hash for {unhashed}"


def test_the_lock_holds_torch_cpu_build_and_no_cuda_libraries():
    """The CPU build (+cpu) is the same file here (local wheel) and on GitHub (PyTorch's CPU
    wheel page); PyPI's torch is the CUDA build with gigabytes of nvidia-* libraries."""
    lock = locked()
    assert lock["torch"]["version"].endswith("+cpu"), lock["torch"]["version"]
    cuda = sorted(name for name in lock if name.startswith("nvidia-") or name == "triton")
    assert not cuda, f"a CUDA build was locked: {cuda}"


def test_the_installer_is_locked_alike_in_both_files():
    (name, entry), = locked(INSTALLER).items()
    assert name == "uv"
    assert locked()["uv"]["version"] == entry["version"], "run `make lock`"
    assert set(entry["hashes"]) <= set(locked()["uv"]["hashes"]), "run `make lock`"


def test_this_environment_has_exactly_the_locked_versions():
    """`make` syncs .venv to the lock (`uv pip sync`): nothing more, nothing less, nothing else."""
    # what is installed in the environment, not metadata lying in the working directory
    # (a `pip install -e .` from before the lock leaves a *.egg-info there)
    import sysconfig

    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in distributions(path=[sysconfig.get_path("purelib"), sysconfig.get_path("platlib")])}
    lock = {name: entry["version"] for name, entry in locked().items()}
    differ = {name: (installed.get(name), version) for name, version in lock.items() if installed.get(name) != version}
    assert not differ, f"installed vs locked: {differ}: run `make test` (it syncs .venv to the lock)"
    extra = sorted(set(installed) - set(lock) - SEEDED)
    assert not extra, f"installed but not locked: {extra}"


def test_make_installs_exactly_the_lock_and_make_lock_writes_it():
    """The stamp target `make serve`/`make test` depend on, and `make lock`, as `make -n` shows them;
    with no wheel folder in pip's configuration, torch's CPU build comes from PyTorch's page."""
    for env, torch_wheels in ((os.environ, None), ({**os.environ, "PIP_CONFIG_FILE": os.devnull}, "https://download.pytorch.org/whl/cpu/torch/")):
        env = {key: value for key, value in env.items() if key != "TORCH_WHEELS"}
        dry = subprocess.run(["make", "-n", "-B", ".venv/.installed-from-lock", "lock"], cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout.splitlines()
        (install,) = [line for line in dry if " pip sync " in line]
        assert "--require-hashes" in install and install.endswith(" lock/requirements.txt"), install
        assert "--compile-bytecode" in install, f"without bytecode every `import torch` compiles torch again: {install}"
        (relock,) = [line for line in dry if " pip compile " in line and "-o lock/requirements.txt" in line]
        assert "--generate-hashes" in relock and "--group dev" in relock, relock
        if torch_wheels:
            assert f"--find-links {torch_wheels}" in install and f"--find-links {torch_wheels}" in relock
