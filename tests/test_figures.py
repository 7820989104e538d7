"""The module-tree figure (docs/assets/images/module-tree.svg, drawn by hand) and its Chinese
variant module-tree.zh.svg: the same drawing, labels translated, every label inside its box.

Both pages reference `assets/images/module-tree.svg`; mkdocs-static-i18n serves the `.zh.svg`
file at that address on the Chinese site (docs_structure: suffix)."""

import re
import xml.etree.ElementTree as ET

import pytest

from markdown_pages import DOCS

IMAGES = DOCS / "assets" / "images"
EN, ZH = IMAGES / "module-tree.svg", IMAGES / "module-tree.zh.svg"
NS = {"svg": "http://www.w3.org/2000/svg"}
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")  # full-width: one em wide
FONT = {"": 13, "param": 11}  # px: the root font-size and the .param class of the stylesheet
PADDING = 4


def _svg(path):
    root = ET.parse(path).getroot()
    rects = [r.attrib for r in root.iterfind("svg:rect", NS)]
    texts = [(t.get("class", ""), float(t.get("x")), float(t.get("y")), t.text) for t in root.iterfind("svg:text", NS)]
    return root, rects, texts


def _width(text: str, size: float) -> float:
    """Advance width in a monospace font: 0.6 em per Latin character, 1 em per CJK one."""
    return sum(size if CJK.match(c) else 0.6 * size for c in text)


def test_the_chinese_figure_is_the_english_drawing_translated():
    en_root, en_rects, en_texts = _svg(EN)
    zh_root, zh_rects, zh_texts = _svg(ZH)
    assert zh_rects == en_rects, "module-tree.zh.svg must draw the same boxes as module-tree.svg"
    assert [t[:3] for t in zh_texts] == [t[:3] for t in en_texts], "labels at the same places, in the same order"
    assert en_root.find("svg:style", NS).text == zh_root.find("svg:style", NS).text
    for (_, _, _, en), (_, _, _, zh) in zip(en_texts, zh_texts):
        if not re.search(r"[a-z] [a-z]", en.replace("nn.Module", "")):  # code (net = …, "2.weight"): the same
            assert zh == en, f"code label {en!r} must stay as it is, not {zh!r}"
        else:  # English words: translated
            assert CJK.search(zh), f"label {en!r} is not translated in module-tree.zh.svg"
    assert CJK.search(zh_root.find("svg:title", NS).text)
    assert "CJK" in zh_root.get("font-family"), "the Chinese figure names a CJK font before the generic monospace"


@pytest.mark.parametrize("path", [EN, ZH], ids=lambda p: p.name)
def test_every_label_fits_in_its_box(path):
    root, rects, texts = _svg(path)
    boxes = [(float(r["x"]), float(r["y"]), float(r["x"]) + float(r["width"]), float(r["y"]) + float(r["height"])) for r in rects]
    for cls, x, y, text in texts:
        inside = [b for b in boxes if b[0] <= x <= b[2] and b[1] <= y <= b[3]]
        assert inside, f"{path.name}: {text!r} is outside every box"
        right = min(b[2] for b in inside)  # the innermost box around its start
        end = x + _width(text, FONT[cls])
        assert end <= right - PADDING, f"{path.name}: {text!r} ends at x≈{end:.0f}, past its box's edge at {right:.0f}"


def test_both_pages_show_the_figure():
    for page in (DOCS / "blocks.md", DOCS / "blocks.zh.md"):
        assert "](assets/images/module-tree.svg)" in page.read_text(encoding="utf-8"), page.name


def test_the_chinese_site_serves_the_chinese_figure(built_site):
    assert (built_site / "assets/images/module-tree.svg").read_text(encoding="utf-8") == EN.read_text(encoding="utf-8")
    assert (built_site / "zh/assets/images/module-tree.svg").read_text(encoding="utf-8") == ZH.read_text(encoding="utf-8")
