"""The torch-versions data (snippets/compat.json, written by `make compat`) is complete and
current, and every example on every page shows the line generated from it. These checks read
files only: the matrix itself runs in `make compat` and in CI's `compat` job, not here."""

import re

import pytest

import compat
from compat import VERSIONS, anchor, snippet_id, snippets
from markdown_pages import DOCS, all_pages

RERUN = "run `make compat` (tools/compat.py; a few minutes once the environments exist)"
DATA = compat.load()


def test_the_matrix_has_the_floor_the_pin_and_the_newest():
    assert VERSIONS == sorted(VERSIONS, key=lambda v: tuple(map(int, v.split(".")))), "[tool.compat] versions: oldest first"
    assert compat.PINNED in VERSIONS, f"the pinned torch {compat.PINNED} must be in the matrix"
    assert list(DATA["versions"]) == VERSIONS, f"snippets/compat.json covers {list(DATA['versions'])}, the matrix is {VERSIONS}: {RERUN}"


@pytest.mark.parametrize("version", VERSIONS)
def test_every_snippet_was_checked_as_it_is_now(version):
    recorded = DATA["versions"].get(version, {}).get("snippets", {})
    stale = [snippet_id(p) for p in snippets() if recorded.get(snippet_id(p), {}).get("hash") != compat.snippet_hash(p)]
    assert not stale, f"torch {version} has not run these snippets as they are now: {', '.join(stale)}; {RERUN}"
    assert set(recorded) <= {snippet_id(p) for p in snippets()}, f"torch {version}: data for snippets that are gone; {RERUN}"


@pytest.mark.parametrize("version", VERSIONS)
def test_claim_tests_and_cheatsheet_were_checked_as_they_are_now(version):
    entry = DATA["versions"].get(version, {})
    assert entry.get("claims", {}).get("hash") == compat.claims_hash(), f"torch {version}: the claim tests changed since; {RERUN}"
    assert entry.get("cheatsheet", {}).get("hash") == compat.cheatsheet_hash(), f"torch {version}: the cheatsheet's code changed since; {RERUN}"
    assert entry["claims"]["tests"], f"torch {version}: no claim test ran"


def test_the_lines_under_the_examples_are_generated_from_the_data():
    for lang, text in compat.render(DATA).items():
        path = compat.LINES[lang]
        assert path.exists() and path.read_text(encoding="utf-8") == text, (
            f"{path.relative_to(compat.ROOT)} is not what snippets/compat.json says: run `python tools/compat.py --render` (make outputs does)"
        )


def test_a_changed_snippet_says_it_is_not_checked_yet():
    import copy

    path, data = snippets()[0], copy.deepcopy(DATA)
    data["versions"][VERSIONS[0]]["snippets"][snippet_id(path)]["hash"] = "an older snippet"
    assert compat.line(data, path, "en").startswith("Not yet checked on other torch versions")
    assert compat.line(data, path, "zh").startswith("尚未在其他 torch 版本上检查")


OUTPUT = re.compile(r'^[ \t]*--8<-- "snippets/[\w-]+/(\w+?)(?:\.sample)?\.out"\n[ \t]*```\n\n?[ \t]*(.*)$', re.M)


@pytest.mark.parametrize("page", [p for p in all_pages() if compat.OUTPUT_INCLUDE.search(p.read_text(encoding="utf-8"))], ids=lambda p: p.name)
def test_every_example_shows_its_torch_versions_line(page):
    """Right under each output block: `--8<-- "snippets/compat.md:<anchor>"` (compat.zh.md on
    Chinese pages). `python tools/compat.py --add-lines` adds the missing ones."""
    lang = "zh" if page.name.endswith(".zh.md") else "en"
    for name, following in OUTPUT.findall(page.read_text(encoding="utf-8")):
        expected = compat.compat_include(lang, name.replace("_", "-"))
        assert following == expected, f"{page.name}: the output of {name} must be followed by {expected}; run `python tools/compat.py --add-lines`"


def test_each_page_line_names_what_ran():
    """The words come from the data: every version a line names ran this exact snippet."""
    for path in snippets():
        text = compat.line(DATA, path, "en")
        results = compat.status(DATA, path)
        if results is None:
            continue  # stale: test_every_snippet_was_checked_as_it_is_now says so
        same = [v for v, r in results.items() if r["status"] == "same"]
        if text.startswith("Same output on torch "):
            assert same == VERSIONS
            # the matrix is every minor release from the first to the last: named as one range
            assert text.split("\n")[0] == f"Same output on torch {compat.short(VERSIONS[0])}–{compat.short(VERSIONS[-1])}"


def test_versions_are_named_as_ranges_of_consecutive_releases():
    assert compat._join(VERSIONS) == "2.6–2.15"
    assert compat._join(["2.6.0", "2.7.1", "2.8.0", "2.10.0"]) == "2.6–2.8 · 2.10"
    assert compat._join(["2.6.0", "2.7.1", "2.13.0"]) == "2.6 · 2.7 · 2.13"


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(n) for n in text.split(".")[:2])


MARK = {"en": re.compile(r"\(torch ≥ (\d+\.\d+)\)"), "zh": re.compile(r"（torch ≥ (\d+\.\d+)）")}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_cheatsheet_marks_the_lines_that_need_a_newer_torch(lang):
    """A row that fails on some torch of the matrix says `(torch ≥ X)` in its first cell, X
    above every version it fails on and at most the first it works on; no other row is marked."""
    import test_cheatsheet

    failing = {}
    for version, entry in DATA["versions"].items():
        for rows in entry["cheatsheet"]["failures"].values():
            for failure in rows:
                assert failure["line"], f"torch {version}: a cheatsheet table stopped: {failure['error']}"
                failing.setdefault(failure["line"], []).append(version)
    for rows in test_cheatsheet.tables(lang).values():
        for what, code, _ in rows:
            mark = MARK[lang].search(what)
            if code not in failing:
                assert not mark, f"cheatsheet.{lang}: {code!r} runs on every torch of the matrix but is marked {mark.group(0)}"
                continue
            assert mark, f"cheatsheet.{lang}: {code!r} fails on torch {', '.join(failing[code])}: mark it (torch ≥ …)"
            works = [v for v in VERSIONS if v not in failing[code]]
            needs = _version(mark.group(1))
            assert all(_version(v) < needs for v in failing[code]) and all(needs <= _version(v) for v in works), (
                f"cheatsheet.{lang}: {code!r} fails on {failing[code]}, works on {works}: {mark.group(0)} contradicts that"
            )


def test_check_mode_fails_on_a_difference_but_not_on_a_wheel_build_wording(capsys):
    """CI runs CPU wheels against data recorded from CUDA wheels (`compat.py --check`)."""
    import copy

    recorded = next((e for e in DATA["versions"].values() if any(r.get("build") for r in e["snippets"].values())), None)
    assert recorded, "no output recorded with a CUDA wheel's wording: nothing to leave out"
    worded = [k for k, r in recorded["snippets"].items() if r.get("build")]
    fresh = copy.deepcopy(recorded)
    fresh["build"] = "CPU wheel"
    for k in worded:
        fresh["snippets"][k] = {"hash": recorded["snippets"][k]["hash"], "status": "same"}
    assert compat.check("x", fresh, recorded) == 0
    assert compat.check("x", {**fresh, "build": recorded["build"]}, recorded) == 1, "same build: compared"
    other = next(k for k in fresh["snippets"] if k not in worded)
    fresh["snippets"][other] = {**fresh["snippets"][other], "status": "fails", "error": "TypeError: x"}
    assert compat.check("x", fresh, recorded) == 1
    assert other in capsys.readouterr().out


def test_a_cuda_wheel_failing_without_a_gpu_is_the_wheel_not_the_release():
    """A CUDA wheel on a machine without a GPU may raise where the CPU wheel does not: such a
    failure is shown as the wheel's, and CI (CPU wheels) does not compare it."""
    driver = "RuntimeError: Found no NVIDIA driver on your system. Please check that you have an NVIDIA GPU"
    assert compat.cuda_wheel_wording({"status": "fails", "error": driver})
    assert not compat.cuda_wheel_wording({"status": "fails", "error": "TypeError: f() got an unexpected keyword argument"})
    assert compat.cuda_wheel_wording({"status": "differs", "diff": "-x: Cannot access accelerator device\n+x: " + driver})
    assert not compat.cuda_wheel_wording({"status": "differs", "diff": "-allclose: True\n+allclose: False"})


def _release(version: str) -> tuple[int, int]:
    return tuple(map(int, version.split(".")[:2]))


# Sentences that date an example's failure, backed by the matrix's data: (example, the first
# release it runs on, what it raises before that, the sentence)
NEEDS_A_RELEASE = [
    ("finetune/f01_model_surgery", "2.7", "TypeError: Module.set_submodule() got an unexpected keyword argument 'strict'",
     'finetune.md "`strict=` is new in torch 2.7: on 2.6 the call raises `TypeError`."'),
    ("resume-export/f11_onnx_export", "2.7", "ConversionError: Failed to convert the exported program to an ONNX model",
     "resume-export.md \"This example exports from torch 2.7 on: torch 2.6's exporter stops at its step 3 of 3 with a `ConversionError`\""),
]


@pytest.mark.parametrize("example, first, error, backs", NEEDS_A_RELEASE, ids=[n[0] for n in NEEDS_A_RELEASE])
def test_an_example_fails_before_the_release_its_page_names_and_runs_from_it(example, first, error, backs):
    # backs: the sentence in `backs` (and its Chinese twin)
    for version in VERSIONS:
        entry = DATA["versions"][version]["snippets"][example]
        if _release(version) < _release(first):
            assert entry.get("status") == "fails" and entry["error"].startswith(error), f"torch {version}: {entry}"
        else:
            assert entry.get("status") != "fails", f"torch {version}: {entry.get('error')}"
