"""extensions/cjk_linebreaks.py: the line breaks of wrapped Chinese paragraphs, which Chromium
renders as stray spaces, are joined at build time, and nothing else changes. What the built pages
then show is checked in the browser (test_browser.py, test_page_in_both_languages…)."""

import markdown
import pytest

from extensions.cjk_linebreaks import join_cjk_lines
from markdown_pages import english_pages, expand

JOINED = [
    ("块本身也是模块，\n所以可以层层嵌套", "块本身也是模块，所以可以层层嵌套"),  # punctuation, Chinese
    ("把它们\n串起来", "把它们串起来"),  # Chinese, Chinese
    ("两层（MLP）：\n20 个参数", "两层（MLP）：20 个参数"),  # punctuation, digit
    ("是 `nn.Module`。\n一个模块", "是 `nn.Module`。一个模块"),
    ("见\n[加载对不上的检查点](state.md#m06)。", "见[加载对不上的检查点](state.md#m06)。"),  # link text
    ("[初始化](init.md)\n之后", "[初始化](init.md)之后"),
    ("**状态字典后钩子**\n（`hook`）", "**状态字典后钩子**（`hook`）"),
    ("的状态。**\n`.to(device)` 和", "的状态。**`.to(device)` 和"),
    ("抛出 `RuntimeError`\n。", "抛出 `RuntimeError`。"),  # Latin, then punctuation
    ("1.  第一项，\n    继续。", "1.  第一项，继续。"),  # a list item's continuation
    ('!!! warning "陷阱：一"\n    正文，\n    继续', '!!! warning "陷阱：一"\n    正文，继续'),  # an admonition's body
]

KEPT = [
    "模块\n`nn.Module` 是",  # Chinese, then Latin: the break renders as the space Chinese text puts there
    "`x`\n模块",
    "## 中文标题\n中文段落",  # a heading stays one line
    "中文。\n- 列表项",  # a list item, a numbered one, a table row, a quote, an admonition, HTML
    "中文。\n1. 列表项",
    "| 中文 |\n| 中文 |",
    "中文：\n> 引文",
    "中文：\n!!! note",
    "中文：\n<div>",
    "中文\n\n中文",  # two paragraphs
    "中文  \n中文",  # a hard line break
    "```text\n中文\n中文\n```",  # code
    "    ```python\n    # 中文\n    # 中文\n    ```",
    "English is wrapped\nat spaces already.",
]


@pytest.mark.parametrize("wrapped, joined", JOINED)
def test_a_wrapped_chinese_line_is_joined(wrapped, joined):
    assert join_cjk_lines(wrapped) == joined


@pytest.mark.parametrize("text", KEPT)
def test_other_line_breaks_stay(text):
    assert join_cjk_lines(text) == text


def test_the_extension_is_what_renders_a_wrapped_paragraph_whole():
    text = "一个模块持有参数，\n块本身也是模块，\n所以可以层层嵌套。"
    assert markdown.markdown(text) == "<p>一个模块持有参数，\n块本身也是模块，\n所以可以层层嵌套。</p>"
    assert markdown.markdown(text, extensions=["extensions.cjk_linebreaks"]) == "<p>一个模块持有参数，块本身也是模块，所以可以层层嵌套。</p>"


@pytest.mark.parametrize("page", english_pages(), ids=lambda p: p.name)
def test_english_pages_are_unchanged(page):
    """The extension joins nothing on an English page, so its HTML is byte for byte what it was."""
    text = expand(page)
    assert join_cjk_lines(text) == text
