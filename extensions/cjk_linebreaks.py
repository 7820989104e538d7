"""Chinese paragraphs render without stray spaces: a Python-Markdown extension.

The .zh.md sources wrap paragraphs at ~100 columns. HTML keeps the line break, and Chromium
(Chrome, Edge) renders a line break between two Chinese characters as a space: "模块，␣所以"
(Firefox applies CSS Text's segment-break rule and shows none). This joins such lines in the
Markdown, before it is parsed, wherever the break would show as a stray space:

* a Chinese character or Chinese punctuation on both sides: the break goes;
* Chinese punctuation on one side and Latin text on the other ("：⏎20 个", "`x`⏎。"): the break
  goes, unless the next line starts a Markdown block (a list item, heading, quote, table row,
  admonition, HTML);
* a Chinese character next to Latin text: the break stays. It renders as the one space that
  Chinese text puts between Chinese and Latin words ("模块⏎`nn.Module`" → "模块 `nn.Module`").

Fenced code is left as it is. Only lines that continue a paragraph are joined: a heading, table
row, admonition or HTML line never swallows the line after it, and an empty line (a new
paragraph) never goes. English text has no such breaks, so English pages come out unchanged.

Why not `pymdownx-cjk-autojoin` (PyPI, 0.2.1), made for the same job: its character classes
leave out most full-width forms (it joins after ，but not after ：；（）！？ or “”), it never joins
punctuation before a digit ("：⏎20 个"), it does not see through link or bold markup at a line's
end or start ("见⏎[加载…](…)"), and it has no guard for headings, tables or admonitions. Measured
on this site's built Chinese pages (2026-12-06): 469 stray spaces without either, 129 left with
it, none left with this one. chapter_notebooks.py uses `join_cjk_lines` for the notebooks'
Markdown cells too, which nbconvert renders without this extension.

    markdown_extensions:
      - extensions.cjk_linebreaks     # importable from the repository root (python -m mkdocs)
"""

import re

from markdown import Extension
from markdown.preprocessors import Preprocessor

_PUNCT = "\u3000-\u303f\uff00-\uffef\u201c\u201d\u2018\u2019\u2026\u2014"  # 、。「」（）：；！？“”‘’…—
_WIDE = f"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff{_PUNCT}"
_WIDE_CHAR = re.compile(f"[{_WIDE}]")
_PUNCT_CHAR = re.compile(f"[{_PUNCT}]")
# inline markup around the visible text at a line's end or start: **, _, ~~, [link text](target)
_MARKUP_AT_END = re.compile(r"(\]\([^)\s]*\)|\]|\*+|_+|~~)+$")
_MARKUP_AT_START = re.compile(r"^(\[|\*+|_+|~~)+")
# a line that ends a paragraph: nothing is joined onto it
_ENDS = re.compile(r"^[ \t]*(#|\||!!!|\?\?\?|<|```|~~~|--8<--|\{|[=-]+[ \t]*$)")
# a line that starts a block of its own: it is not joined onto the line before
_STARTS = re.compile(r"^[ \t]*(#|\||!!!|\?\?\?|<|>|```|~~~|--8<--|\{|[-*+][ \t]|\d+[.)][ \t]|[=-]+[ \t]*$)")
_FENCE = re.compile(r"^[ \t]*(```|~~~)")


def join_cjk_lines(text: str) -> str:
    """The Markdown `text` with the line breaks that would render as stray spaces removed."""
    out: list[str] = []
    in_fence = False
    for line in text.split("\n"):
        fence = bool(_FENCE.match(line))
        hard_break = out[-1].endswith(("  ", "\\")) if out else False  # a <br>: the break is meant
        if in_fence or fence or not out or not out[-1].strip() or hard_break or _ENDS.match(out[-1]) or _STARTS.match(line):
            in_fence ^= fence
            out.append(line)
            continue
        last = _MARKUP_AT_END.sub("", out[-1].rstrip())[-1:]  # the last character a reader sees
        rest = line.lstrip(" \t")
        first = _MARKUP_AT_START.sub("", rest)[:1]
        if (_WIDE_CHAR.match(last) and _WIDE_CHAR.match(first) or _PUNCT_CHAR.match(last) and "!" <= first <= "~"
                or "!" <= last <= "~" and _PUNCT_CHAR.match(first)):
            out[-1] = out[-1].rstrip(" \t") + rest
        else:
            out.append(line)
    return "\n".join(out)


class _JoinCjkLines(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return join_cjk_lines("\n".join(lines)).split("\n")


class CjkLinebreaksExtension(Extension):
    def extendMarkdown(self, md):
        # after pymdownx.snippets (32) has inlined the includes and NormalizeWhitespace (30),
        # before raw HTML blocks are stashed (20)
        md.preprocessors.register(_JoinCjkLines(md), "cjk_linebreaks", 27)


def makeExtension(**kwargs):
    return CjkLinebreaksExtension(**kwargs)
