"""Formulas without a CDN: pymdownx.arithmatex (generic mode) marks the TeX in a page, and
this hook turns it into MathML, which browsers render natively: no MathJax or KaTeX to
download, nothing to run, and the page works offline."""

import html
import re

from latex2mathml.converter import convert

ARITHMATEX = re.compile(r'<(span|div) class="arithmatex">\\[(\[](.*?)\\[)\]]</\1>', re.S)


def _mathml(match: re.Match) -> str:
    display = "block" if match.group(1) == "div" else "inline"
    return convert(html.unescape(match.group(2)).strip(), display=display)


def on_page_content(content, page, config, files):
    return ARITHMATEX.sub(_mathml, content)
