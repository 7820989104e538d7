"""Every torch version the prose names is one the version matrix ran.

The pages promise that what they say was run. A sentence that names a torch release ("torch
2.6 raises …", "from torch 2.14", "2.7+", "up to 2.10", "2.6–2.15", in English and Chinese, in
paragraphs, notes, pitfalls, the cheatsheet and the home page) must name a release of
`[tool.compat] versions` (pyproject.toml), which `make compat` runs every example, claim test and
cheatsheet line on. A boundary ("from 2.N": the behaviour changed there) needs both releases it
separates in the matrix: 2.N and the one before it ("up to 2.N", "after 2.N": 2.N and the one
after it). A fact about a release outside the matrix ("nn.Buffer since 2.5", "≤ 2.5.1") must
link its upstream source in the same paragraph: PyTorch's release notes, pull request, issue, or
the advisory.

Code, link targets, HTML and generated includes are not prose; a number after "≈" or "/" is a
number (√6 ≈ 2.45), and one after another project's name is its release (NumPy 2.4), not torch's.
"""

import re
from dataclasses import dataclass

import pytest

from compat import VERSIONS
from markdown_pages import MARKUP, all_pages, outside_code

MATRIX = {tuple(map(int, v.split(".")[:2])) for v in VERSIONS}
UPSTREAM = re.compile(
    r"\]\((https://(github\.com/pytorch/pytorch/(pull|issues|releases|commit|security)/|pytorch\.org/|docs\.pytorch\.org/"
    r"|dev-discuss\.pytorch\.org/|nvd\.nist\.gov/|github\.com/advisories/|www\.cve\.org/)[^)]*)\)")
VERSION = re.compile(r"(?<![\w.\d/≈])(?<!≈ )(?<!约 )2\.(\d{1,2})(?:\.(\d+))?(\+)?(?![\d.]\d)(?!\s*(?:times|倍))")

# The words that make a mention a boundary, and on which side of it the release is.
# "from"-like: the change happened AT 2.N (needs 2.N-1 and 2.N); "up to"-like: 2.N is the LAST
# release before it (needs 2.N and 2.N+1).
FROM_BEFORE = re.compile(r"(\b(from|since|starting( with| at)?|before|older than|prior to)( torch| PyTorch)?|≥|>=|<|从( torch| PyTorch)?|自( torch| PyTorch)?)\s*$", re.I)
FROM_AFTER = re.compile(r"^(\+|\s*(and|or) (later|newer|above)|\s*on\b|\s*及(以后|以上|之后)|\s*起|\s*之前|\s*以前|\s*开始)", re.I)
UPTO_BEFORE = re.compile(r"(\b(up to|until|through|after|newer than|later than)( torch| PyTorch)?|≤|<=|>|到( torch| PyTorch)?|比( torch| PyTorch)?)\s*$", re.I)
UPTO_AFTER = re.compile(r"^(\s*(and|or) (earlier|older|below)|\s*及(更早|以前|以下)|\s*为止|\s*之后|\s*更新)", re.I)

# another project's release right before the number: not torch's (NumPy 2.4, Python 3.11, CUDA 12.8)
OTHER_PROJECT = re.compile(r"\b(NumPy|numpy|Python|CUDA|cuDNN|ONNX|onnx\w*|opset|safetensors|protobuf|Material|MkDocs|Chromium|Node(\.js)?|pip|uv)\s*$")

@dataclass(frozen=True)
class Mention:
    where: str
    text: str
    version: tuple[int, int]
    patch: int | None
    boundary: tuple[int, int] | None  # the two releases a boundary separates


def paragraphs(text: str):
    """(first line number, raw paragraph) for the prose of a Markdown page: code and includes left out."""
    block, start = [], 0
    for n, line in [*outside_code(text), (None, "")]:
        if line.strip():
            block, start = block + [line], start or n
        elif block:
            yield start, "\n".join(block)
            block, start = [], 0


def mentions(text: str, name: str):
    for n, raw in paragraphs(text):
        prose = raw
        for pattern in MARKUP:
            prose = pattern.sub(" ", prose)
        for m in VERSION.finditer(prose):
            minor = int(m.group(1))
            version = (2, minor)
            before, after = prose[max(0, m.start() - 30):m.start()], (m.group(3) or "") + prose[m.end():m.end() + 20]
            if OTHER_PROJECT.search(before):
                continue
            if FROM_BEFORE.search(before) or FROM_AFTER.match(after):
                boundary = ((2, minor - 1), version)
            elif UPTO_BEFORE.search(before) or UPTO_AFTER.match(after):
                boundary = (version, (2, minor + 1))
            else:
                boundary = None
            line = n + prose[:m.start()].count("\n")
            yield Mention(f"{name}:{line}", prose[max(0, m.start() - 30):m.end() + 20].replace("\n", " "), version,
                          int(m.group(2)) if m.group(2) else None, boundary), bool(UPSTREAM.search(raw))


def problems(text: str, name: str) -> list[str]:
    found = []
    for mention, linked in mentions(text, name):
        patch_outside = mention.patch is not None and not any(v == f"2.{mention.version[1]}.{mention.patch}" for v in VERSIONS)
        needed = set(mention.boundary or [mention.version])
        outside = sorted(needed - MATRIX)
        if (outside or patch_outside) and not linked:
            what = ", ".join(f"{a}.{b}" for a, b in outside) or f"2.{mention.version[1]}.{mention.patch}"
            kind = "a boundary there needs both sides run" if mention.boundary else "named"
            found.append(f"{mention.where}: torch {what} ({kind}) is not in the matrix {sorted(MATRIX)} and the "
                         f"paragraph links no upstream source: …{mention.text}…")
    return found


PAGES = all_pages()


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_version_the_prose_names_was_run(page):
    assert problems(page.read_text(encoding="utf-8"), page.name) == []


PLANTED = [
    ("From torch 2.5 the layer warns.", "2.4, 2.5"),                          # a boundary below the matrix
    ("`nn.Buffer` exists since torch 2.5.", "2.4, 2.5"),
    ("This works in torch 2.5.1 and earlier.", "2.5"),
    ("torch 2.16 changes it.", "2.16"),                                        # a release the matrix never ran
    ("It was fixed in 2.17+.", "2.16, 2.17"),
    ("从 torch 2.5 起会发出警告。", "2.4, 2.5"),
    ("在 torch 2.5.1 及更早的版本中可以绕过。", "2.5"),
    ("Up to torch 2.15 it passes the gradient.", "2.16"),                      # the release after it was not run
]


@pytest.mark.parametrize("sentence, missing", PLANTED)
def test_an_unbacked_version_fails(sentence, missing):
    found = problems(sentence + "\n", "planted.md")
    assert len(found) == 1 and f"torch {missing} " in found[0], found


BACKED = [
    "From torch 2.14 the gradient at the bound is 0.",                        # 2.13 and 2.14 both ran
    "Same on torch 2.6–2.15.",
    "torch 2.6 raises a `RuntimeError` instead.",
    "`nn.Buffer` exists since torch 2.5 ([release notes](https://github.com/pytorch/pytorch/releases/tag/v2.5.0)).",
    "He's bound is √6 ≈ 2.45 times wider.",
    "取值范围只有 He 初始化的 1/√6（约 1/2.45）。",
    "Use `torch==2.13.0` here.",                                              # code is not prose
    "With NumPy 2.4 all four are needed.",                                    # another project's release
]


@pytest.mark.parametrize("sentence", BACKED)
def test_a_backed_version_passes(sentence):
    assert problems(sentence + "\n", "planted.md") == []
