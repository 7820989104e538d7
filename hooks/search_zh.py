"""Chinese search: the whole query is searched, not the query less its last word.

Material's search worker (9.8.1) cuts each run of Chinese characters in a query into words it
finds in the index (segment() in integrations/search/query/segment/index.ts), but its loops
never try a word that ends at the run's last character: 冻结 is searched as 冻, 参数量 as 参数,
状态字典 as 状态, and the ?h= of every result shows the shortened term. It also joins the words
with "* ", to which the query transform adds another "*", so every word but the last is
reported "missing" and left out of ?h=. This rewrites those three spots in the built site's
copy of the worker (same file name, so base.html needs no change). Each must match exactly
once: when Material changes the worker (an upgrade, or the upstream fix), the build fails here
and this hook is to be checked or dropped."""

import re
from pathlib import Path

from mkdocs.exceptions import PluginError

FIXES = [
    # for(let j=i+1;j<q.length;j++) q.slice(i,j) in index: also the word ending at the last character
    (r"(for\(let (\w+)=(\w+)\+1;\2)<(\w+\.length;\2\+\+\)\w+\.slice\(\3,\2\)in )", r"\1<=\4"),
    # continue at the next word while it starts before the end (was: before the last character)
    (r"(\w+\[(\w+)\]&&\2<\w+\.length)-1(&&)", r"\1\3"),
    # the words joined by " ": the transform appends the one "*" (was "* ", giving "word**")
    (r'(\.invertedIndex\)\]\.join\(")\* ("\))', r"\1 \2"),
]

MARK = "\n/* Chinese query segmentation fixed by hooks/search_zh.py */\n"


def on_post_build(config):
    workers = list(Path(config.site_dir, "assets/javascripts/workers").glob("search.*.min.js"))
    if len(workers) != 1:
        raise PluginError(f"hooks/search_zh.py: expected one search worker, found {workers}")
    code = workers[0].read_text(encoding="utf-8")
    if code.endswith(MARK):  # left from an earlier build (mkdocs serve, --dirty)
        return
    for pattern, repl in FIXES:
        code, n = re.subn(pattern, repl, code)
        if n != 1:
            raise PluginError(f"hooks/search_zh.py: {pattern!r} matched {n} times in {workers[0].name}; "
                              "Material's search worker changed: check whether its Chinese query segmentation still needs this fix")
    workers[0].write_text(code + MARK, encoding="utf-8")
