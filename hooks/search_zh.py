"""Chinese search: the whole query is searched, not the query less its last word.

Material's search worker (9.8.1) cuts each run of Chinese characters in a query into words it
finds in the index (segment() in integrations/search/query/segment/index.ts), but its loops
never try a word that ends at the run's last character: 冻结 is searched as 冻, 参数量 as 参数,
状态字典 as 状态, and the ?h= of every result shows the shortened term. It also joins the words
with "* ", to which the query transform adds another "*", so every word but the last is
reported "missing" and left out of ?h=. And it stops at the first character that begins no
index term, a stop word the index leaves out (和, 的, 地, 与): 保存和加载模型 was searched as 保存,
a query starting with one (不占内存) as a single unknown word. Not Chinese, but the same kind of
cut: English stop words, which the index leaves out, are left out of the query too (each
became a prefix that matched unrelated words: "on*" found ONNX), and a word right before a colon
is searched instead of dropped (lunr takes "UnpicklingError:" for a field name, so a pasted error
message lost its error type). This rewrites those seven spots in the built site's copy of the
worker (same file name, so base.html needs no change). Each must match exactly
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
    # after a word, go on at the next character that starts one: a character in no index term (a
    # stop word such as 和, 的, 地, 与) ended the query there, 保存和加载模型 was searched as 保存
    (r"let (\w+)=(\w+)\+(\w+)\[\2\];\3\[\1\]&&\1<(\w+)\.length&&\((\w+)\[(\w+)\+\+\]=\1\)",
     r"let \1=\2+\3[\2],_z=\1;for(;_z<\4.length&&!\3[_z];)_z++;_z<\4.length&&(\5[\6++]=_z)"),
    # and start at the first character that starts a word (不占内存 was searched as one unknown term)
    (r"((\w+)=new Uint16Array\((\w+)\.length\);.{0,200}?let (\w+)=\[0\];)",
     r"\1for(;\4[0]<\3.length&&!\2[\4[0]];)\4[0]++;\4[0]===\3.length&&(\4[0]=0);"),
    # English stop words dropped from the query, as the index drops them: the transform made each a
    # prefix ("on*" found ONNX, "a*" every title with a word in a), and the query "load checkpoint on
    # cpu" ranked the ONNX export first
    (r"(search\((\w+)\)\{if\()(\2=\2\.replace\()",
     r'\1\2=\2.split(/\\s+/).filter(w=>lunr.stopWordFilter(w.toLowerCase())!==void 0).join(" "),\3'),
    # a word before a colon searched, not dropped: lunr reads "UnpicklingError:" as a field name;
    # Material removes the colon of an unknown field but not the word, so a pasted error message lost
    # its error type ("RuntimeError: element 0 …" searched as "element 0 …")
    (r'(case"FIELD":\["title","text","tags"\]\.includes\((\w+)\)\|\|\((\w+)=\[\3\.slice\(0,(\w+)\)," ",\3\.slice\(\4\+1\)\]\.join\(""\))'
     r'\);break;case"TERM":(\w+)\(\2,lunr\.tokenizer\.separator,\(\.\.\.(\w+)\)=>\{(\w+)\.push',
     r'\1,\5(\2,lunr.tokenizer.separator,(...\6)=>{\7.push(\2.slice(...\6))}));break;case"TERM":\5(\2,lunr.tokenizer.separator,(...\6)=>{\7.push'),
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
