"""Search ranks the section that answers a reader's question among the first three results.

The queries are what readers type (written from the questions people ask, not copied from the
pages' titles), in both languages, plus error messages pasted as they appear. Each expects the
section (`page#anchor`; `a | b` where two sections answer it) that answers it.

"Among the first three results" is what the reader sees: Material groups the results by page,
in order of their best score, and shows each page with its best section (the others fold under
"N more on this page"). A query passes when its section is shown, unfolded, in one of the first
three pages listed (or is that page's own entry, for a page-level answer).

Fast: all queries run in one `evaluate`, through Material's own search worker (the site's script,
hooks/search_zh.py's fixes included), one per language side by side, each set up with the message
Material sends it (the real search_index.json, only the entries of that language, as
overrides/main.html hands them over), then queried one after another with Material's QUERY
message: 0.5 s of typing and rendering per query is saved. tests/test_browser.py types a few queries into the real box
(SEARCHES, test_a_chinese_query_is_searched_whole) and checks what the page does with them.

    .venv/bin/python tests/test_search.py [site/]   # every query's first three pages, for tuning
"""

import pytest

pytest.importorskip("mkdocs", reason="the docs toolchain is not installed")

pytestmark = pytest.mark.browser

# (query, expected section: "page/#anchor", alternatives separated by " | ")
ALIAS = "glossary/#terms | tasks/#"  # where a word the pages avoid is shown: the glossary, the task index's section
QUERIES = {
    "en": [
        ("freeze layers", "practice/#r02-freeze | params/#p08-count-params | finetune/#f01-model-surgery"),
        ("how to freeze some layers", "practice/#r02-freeze | params/#p08-count-params | finetune/#f01-model-surgery"),
        ("unfreeze parameters", "practice/#r02-freeze"),
        ("frozen batchnorm running mean still changes", "practice/#r02-freeze"),
        ("save and load model", "io/#s04-state-dict"),
        ("save model", "io/#s04-state-dict"),
        ("load model weights", "io/#s04-state-dict"),
        ("load checkpoint on cpu", "checkpoints/#s07-map-location"),
        ("model trained on gpu load on cpu", "checkpoints/#s07-map-location"),
        ("count parameters", "params/#p08-count-params"),
        ("number of trainable parameters", "params/#p08-count-params"),
        ("learning rate per layer", "state/#m08-param-groups | finetune/#f01-model-surgery"),
        ("no weight decay on bias", "state/#m08-param-groups"),
        ("get intermediate layer output", "toolkit/#m03-hooks"),
        ("extract features from a layer", "toolkit/#m03-hooks | finetune/#f01-model-surgery"),
        ("module. prefix state dict", "state/#m06-load-mismatched | sharded/#d02-ddp-checkpoints"),
        ("_orig_mod prefix", "compiled/#d01-compiled-state-dict"),
        ("missing keys unexpected keys load_state_dict", "state/#m06-load-mismatched"),
        ("rename keys in a checkpoint", "practice-training/#r08-state-dict-hooks"),
        ("initialize weights", "init/#i02-init-normal | init-custom/#i07-init-by-name | practice-modules/#r07-init-coverage"),
        ("xavier init", "init/#i04-per-block-init | init-custom/#i08-xavier-bound"),
        ("default weight initialization of nn.Linear", "init/#i01-default-init | questions/#q01-default-init"),
        ("register_buffer", "custom-buffers/#c06-buffer-vs-attribute"),
        ("buffer vs parameter", "custom-buffers/#c06-buffer-vs-attribute"),
        ("eval mode", "toolkit/#m02-modes"),
        ("model.eval() vs torch.no_grad()", "toolkit/#m02-modes | autograd-seeds/#f08-autograd-switches"),
        ("dropout at test time", "toolkit/#m02-modes"),
        ("resume training from checkpoint", "checkpoints/#s06-training-checkpoint | resume-export/#f07-resume-exactly"),
        ("save optimizer state", "checkpoints/#s06-training-checkpoint"),
        ("move model to gpu", "gpu/#g06-net-on-device"),
        ("tensors on different devices", "gpu/#g05-cross-device"),
        ("train on multiple gpus", "distributed/#g09-ddp"),
        ("print model summary", "finetune/#f06-model-summary"),
        ("list all layers of a model", "toolkit/#m01-walk-modules"),
        ("replace the classification head", "finetune/#f01-model-surgery"),
        ("share weights between two layers", "tying/#t01-shared-layer | tying/#t04-reuse-in-forward"),
        ("tie embedding and output layer weights", "tying/#t04-reuse-in-forward"),
        ("deepcopy a model with tied weights", "tying/#t03-tied-gradients"),
        ("keep a copy of the best weights", "params/#p05-by-name"),
        ("python list of layers not registered", "blocks/#b04-plain-list"),
        ("custom layer with parameters", "custom/#c03-my-linear"),
        ("gradient clipping", "practice-training/#r09-clip-grad"),
        ("mixed precision training", "mixed-precision/#f02-mixed-precision"),
        ("gradient checkpointing save memory", "mixed-precision/#f03-activation-checkpointing"),
        ("EMA of model weights", "ema-pruning/#f04-ema"),
        ("prune weights", "ema-pruning/#f05-pruning"),
        ("export to onnx", "resume-export/#f11-onnx-export"),
        ("save model architecture without the class", "checkpoints/#s08-export"),
        ("load a whole model with torch.load", "io/#s05-whole-model"),
        ("safetensors", "state/#m07-safetensors"),
        ("save checkpoint with DDP", "sharded/#d02-ddp-checkpoints"),
        ("same initial weights every run seed", "autograd-seeds/#f09-reproducible-init"),
        ("how much gpu memory does training need", "practice-training/#r10-training-memory"),
        ("infer input size automatically", "lazy/#l01-lazy-linear"),
        ("optimizer not updating after loading", "practice/#r01-optimizer-order"),
        ("convert model to half precision", "practice-modules/#r04-dtype-conversion"),
        ("average gradients all_reduce", "gradient-averaging/#f10-average-gradients"),
        ("create a big model without memory", "state/#m05-meta-init"),
    ],
    "zh": [
        ("冻结层", "practice/#r02-freeze | params/#p08-count-params | finetune/#f01-model-surgery"),
        ("怎么冻结部分层", "practice/#r02-freeze | params/#p08-count-params | finetune/#f01-model-surgery"),
        ("解冻参数", "practice/#r02-freeze"),
        ("参数量", "params/#p08-count-params"),
        ("统计模型参数数量", "params/#p08-count-params"),
        ("保存模型", "io/#s04-state-dict"),
        ("加载模型", "io/#s04-state-dict"),
        ("保存和加载模型参数", "io/#s04-state-dict"),
        ("断点续训", "checkpoints/#s06-training-checkpoint | resume-export/#f07-resume-exactly"),
        ("保存优化器状态", "checkpoints/#s06-training-checkpoint"),
        ("GPU 上保存的模型在 CPU 上加载", "checkpoints/#s07-map-location"),
        ("分层学习率", "state/#m08-param-groups | finetune/#f01-model-surgery"),
        ("偏置不加权重衰减", "state/#m08-param-groups"),
        ("中间层输出", "toolkit/#m03-hooks"),
        ("提取中间层特征", "toolkit/#m03-hooks | finetune/#f01-model-surgery"),
        # words the glossary keeps off the pages (its "also typed as" column): the task index and the
        # glossary page show them, and lead to the section
        ("模型结构", f"toolkit/#m01-walk-modules | finetune/#f06-model-summary | {ALIAS}inspect"),
        ("打印网络结构", "finetune/#f06-model-summary | toolkit/#m01-walk-modules"),
        ("自动求导", f"params/#p03-grad | autograd-seeds/#f08-autograd-switches | {ALIAS}autograd"),
        ("训练占用多少显存", "practice-training/#r10-training-memory"),
        ("初始化权重", "init/#i02-init-normal | init-custom/#i07-init-by-name | practice-modules/#r07-init-coverage"),
        ("默认初始化", "init/#i01-default-init | questions/#q01-default-init"),
        ("Xavier 初始化", "init/#i04-per-block-init | init-custom/#i08-xavier-bound"),
        ("测试模式", f"toolkit/#m02-modes | {ALIAS}training"),
        ("model.eval() 和 torch.no_grad() 的区别", "toolkit/#m02-modes | autograd-seeds/#f08-autograd-switches"),
        ("微调预训练模型", "finetune/#f01-model-surgery"),
        ("替换分类头", "finetune/#f01-model-surgery"),
        ("共享权重", "tying/#t01-shared-layer | tying/#t04-reuse-in-forward"),
        ("权重捆绑", f"tying/#t01-shared-layer | tying/#t04-reuse-in-forward | {ALIAS}share"),
        ("深拷贝绑定的模型", "tying/#t03-tied-gradients"),
        ("保存最好的一组权重", "params/#p05-by-name"),
        ("延迟初始化", f"lazy/#l01-lazy-linear | {ALIAS}build"),
        ("多卡训练", "distributed/#g09-ddp"),
        ("模型放到 GPU 上", "gpu/#g06-net-on-device"),
        ("张量不在同一个设备上", "gpu/#g05-cross-device"),
        ("梯度裁剪", "practice-training/#r09-clip-grad"),
        ("混合精度训练", "mixed-precision/#f02-mixed-precision"),
        ("梯度检查点", f"mixed-precision/#f03-activation-checkpointing | {ALIAS}training"),
        ("指数移动平均", "ema-pruning/#f04-ema"),
        ("剪枝", "ema-pruning/#f05-pruning"),
        ("导出 ONNX", "resume-export/#f11-onnx-export"),
        ("保存模型结构和权重", f"checkpoints/#s08-export | {ALIAS}save-and-load"),
        ("register_buffer 缓冲区", "custom-buffers/#c06-buffer-vs-attribute"),
        ("module. 前缀", "state/#m06-load-mismatched | sharded/#d02-ddp-checkpoints"),
        ("_orig_mod 前缀", "compiled/#d01-compiled-state-dict"),
        ("加载权重时键不匹配", "state/#m06-load-mismatched"),
        ("随机种子 复现初始化", "autograd-seeds/#f09-reproducible-init"),
        ("用列表存放层 参数没有注册", "blocks/#b04-plain-list"),
        ("自定义带参数的层", "custom/#c03-my-linear"),
        ("获取中间层激活 钩子", "toolkit/#m03-hooks"),
        ("转换为半精度", "practice-modules/#r04-dtype-conversion"),
        ("加载后优化器不更新", "practice/#r01-optimizer-order"),
        ("遍历模型所有层", "toolkit/#m01-walk-modules"),
        ("不占内存地创建大模型", "state/#m05-meta-init"),
    ],
}

# Error messages pasted into the search box as Python printed them (from the examples' outputs,
# docs/errors.md), and the section that explains each; the error index's list, which quotes the
# message and links to that section, counts too (its page tells readers to paste messages here).
ERRORS = "errors/#messages"
PASTED = {
    "en": [
        ('RuntimeError: Error(s) in loading state_dict for Sequential: Missing key(s) in state_dict: "0.weight", "0.bias"',
         "compiled/#d01-compiled-state-dict | state/#m06-load-mismatched"),
        ("RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn", "custom/#c03-my-linear"),
        ("RuntimeError: a leaf Variable that requires grad is being used in an in-place operation.", "init-custom/#i06-set-directly"),
        ('NotImplementedError: Module [ModuleList] is missing the required "forward" function', "containers/#b08-module-list"),
        ("NotImplementedError: Cannot copy out of meta tensor; no data!", "state/#m05-meta-init"),
        ("RuntimeError: Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cpu!", "gpu/#g05-cross-device"),
        ("_pickle.UnpicklingError: Weights only load failed.", "io/#s05-whole-model"),
        ("RuntimeError: Attempting to deserialize object on a CUDA device but torch.cuda.is_available() is False", "checkpoints/#s07-map-location"),
        ("TypeError: cannot assign 'torch.FloatTensor' as parameter 'weight' (torch.nn.Parameter or None expected)", "practice/#r03-replace-parameter"),
        ("ValueError: optimizer got an empty parameter list", "blocks/#b04-plain-list"),
        ("RuntimeError: Parent directory runs/exp1 does not exist.", "checkpoints/#s09-paths"),
        ("UserWarning: torch.utils.checkpoint: the use_reentrant parameter should be passed explicitly.", "mixed-precision/#f03-activation-checkpointing"),
    ],
}
PASTED["zh"] = PASTED["en"]

# Typed as readers type them, each checks one of hooks/search_zh.py's fixes to the worker:
# (lang, query, words it must search)
SEARCHED_AS = [
    ("zh", "保存和加载模型参数", {"保存", "加载", "模型", "参数"}),  # past 和, a stop word outside the index
    ("zh", "不占内存地创建大模型", {"内存", "创建", "模型"}),  # from the first word the index holds
    ("en", "load checkpoint on cpu", {"load", "checkpoint", "cpu"}),  # "on*" (ONNX, one) left out
    ("en", "UnpicklingError: Weights only load failed", {"unpicklingerror", "weights", "load", "failed"}),  # the word before ":"
]

RANK = """async (queries) => {
  const config = JSON.parse(document.getElementById("__config").textContent);
  const index = await (await fetch(new URL(config.base + "/search/search_index.json", location.href))).json();
  const rank = async (lang) => {  // one worker per language, as each language's pages hand it its entries
    const docs = index.docs.filter((doc) => doc.location.startsWith("zh/") === (lang === "zh"));
    const worker = new Worker(new URL(config.search, location.href));  // both relative to the page
    const next = (type) => new Promise((resolve) => worker.addEventListener("message", function on(event) {
      if (event.data.type === type) { worker.removeEventListener("message", on); resolve(event.data.data); }
    }));
    const ready = next(1);                                                 // READY
    worker.postMessage({type: 0, data: {config: index.config, docs, options: {suggest: true}}});  // SETUP
    await ready;
    const results = [];
    for (const query of queries[lang]) {
      const result = next(3);                                              // RESULT
      worker.postMessage({type: 2, data: query});                          // QUERY
      results.push((await result).items.map((group) => group.map((doc) => [doc.location, doc.score, doc.terms])));
    }
    worker.terminate();
    const sections = {};
    for (const {location} of docs)
      if (location.includes("#")) (sections[location.split("#")[0]] ??= []).push(location);
    return {results, sections};
  };
  const langs = Object.keys(queries);
  const found = await Promise.all(langs.map(rank));  // side by side: one worker thread each
  return Object.fromEntries(langs.map((lang, i) => [lang, found[i]]));
}"""


class Ranking:
    """The result groups of each query, as Material's worker returns them: one group per page,
    in order, each a list of (location, score), best first."""

    def __init__(self, results: dict, sections: dict):
        self.results = results
        self.single = {page: found[0] for page, found in sections.items() if len(found) == 1}

    def shown(self, group: list, strict: bool = False) -> list[str]:
        """Where a result group leads the reader: the page's own entry, and its best section,
        shown under it or, when the page itself scores best, first under "N more on this page"
        (Material's renderSearchResultItem; ties alike). On a page of one section the page's
        entry leads to that section."""
        page = next(location for location, *_ in group if "#" not in location)
        sections = [(location, score) for location, score, _ in group if "#" in location]
        best = [location for location, score in sections if score >= sections[0][1]] if sections else []
        if strict and group[0][0] == page:  # what is shown without opening "N more on this page"
            best = []
        return [page] + best + ([self.single[page]] if page in self.single else [])

    def rank(self, query: str, expected: str, lang: str, strict: bool = False) -> int | None:
        """1-based position of the first page listed that leads to an expected section, else None."""
        wanted = {("zh/" if lang == "zh" else "") + e.strip() for e in expected.split("|") if e.strip()}
        for i, group in enumerate(self.results[query], 1):
            if wanted & set(self.shown(group, strict)):
                return i
        return None

    def misses(self, lang: str, cases: list) -> list:
        return [(q, e, [self.shown(g)[-1] for g in self.results[q][:3]]) for q, e in cases if (self.rank(q, e, lang) or 99) > 3]


def run_queries(tab, site, queries: dict[str, list[str]]) -> dict[str, "Ranking"]:
    """{lang: Ranking}: the languages' workers run side by side, from the home page."""
    tab.goto(site, wait_until="domcontentloaded")
    found = tab.evaluate(RANK, queries)
    return {lang: Ranking(dict(zip(qs, found[lang]["results"])), found[lang]["sections"]) for lang, qs in queries.items()}


def every_query(lang: str) -> list[str]:
    return [q for q, _ in QUERIES[lang] + PASTED[lang]] + [q for lg, q, _ in SEARCHED_AS if lg == lang]


@pytest.fixture(scope="module")
def rankings(browser, site):
    """{lang: Ranking} for every query of both languages, in one tab."""
    context = browser.new_context()
    tab = context.new_page()
    try:
        return run_queries(tab, site, {lang: every_query(lang) for lang in ("en", "zh")})
    finally:
        context.close()


# Queries whose section is not among the first three, and why (each is a finding, kept short).
KNOWN_MISSES = {
    "en": {
        "ValueError: optimizer got an empty parameter list":
            "the message's words are those of other titles: nn.ParameterList (c05), the optimizer (r01), and the "
            "task index's training section rank first; b04, whose output prints it, and the error index come 5th",
    },
    "zh": {
        "保存模型结构和权重": "模型结构 is a word the pages avoid (架构); the task index shows it in the heading of "
                     "its 'look inside a model' section, which outranks its save-and-load row; s08 comes 4th",
    },
}


def _report(missed) -> str:
    return "\n".join(f"  {q!r}: expected {e}, the first three lead to {top}" for q, e, top in missed)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_readers_queries_find_their_section_in_the_first_three(rankings, lang):
    cases = QUERIES[lang]
    assert len(cases) >= 40 and len({q for q, _ in cases}) == len(cases)
    missed = rankings[lang].misses(lang, cases)
    assert 1 - len(missed) / len(cases) >= 0.95, f"{lang}: {len(missed)} of {len(cases)} queries miss:\n{_report(missed)}"
    unexplained = [m for m in missed if m[0] not in KNOWN_MISSES[lang]]
    assert not unexplained, f"{lang}: misses not in KNOWN_MISSES (say why there, or fix the page):\n{_report(unexplained)}"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_pasted_error_message_finds_its_section_or_its_row_in_the_error_index(rankings, lang):
    cases = [(q, f"{e} | {ERRORS}") for q, e in PASTED[lang]]
    missed = rankings[lang].misses(lang, cases)
    unexplained = [m for m in missed if m[0] not in KNOWN_MISSES[lang]]
    assert not unexplained, _report(unexplained)


@pytest.mark.parametrize("lang, query, words", SEARCHED_AS, ids=[q for _, q, _ in SEARCHED_AS])
def test_the_query_is_searched_as_typed(rankings, lang, query, words):
    """hooks/search_zh.py: the worker searches these words (the terms of its first result)."""
    searched = set(rankings[lang].results[query][0][0][2])
    assert words <= searched, f"{query!r} was searched as {searched}"
    assert not {"on", "和"} & searched, f"{query!r}: a stop word was searched: {searched}"


if __name__ == "__main__":  # every query's first three pages, for tuning titles and first sentences
    import sys
    import tempfile
    import time
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
    from playwright.sync_api import sync_playwright
    from site_build import CHROMIUM_ARGS, HEADLESS_SHELL, serve_site, strict_build

    args = [a for a in sys.argv[1:] if a != "-v"]
    site_dir = Path(args[0]) if args else Path(tempfile.mkdtemp()) / "site"
    if not args:
        strict_build(Path(__file__).resolve().parents[1] / "mkdocs.yml", site_dir)
    server, url = serve_site(site_dir)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(HEADLESS_SHELL), args=CHROMIUM_ARGS)
        tab = browser.new_page()
        start = time.perf_counter()
        rankings = run_queries(tab, url, {lang: every_query(lang) for lang in ("en", "zh")})
        took = time.perf_counter() - start
        for lang, ranking in rankings.items():
            cases = QUERIES[lang] + [(q, f"{e} | {ERRORS}") for q, e in PASTED[lang]]
            hits = strict = 0
            for query, expected in cases:
                r = ranking.rank(query, expected, lang)
                hits += (r or 99) <= 3 and (query, expected) in QUERIES[lang]
                print(f"{'ok ' if (r or 99) <= 3 else 'MISS'} {r or '-':>2} {query!r} → {expected}")
                if (r or 99) > 3 or "-v" in sys.argv:
                    for i, group in enumerate(ranking.results[query][:3], 1):
                        print(f"        {i}. {ranking.shown(group)}  {group[0][1]:.0f}")
                strict += (query, expected) in QUERIES[lang] and ranking.rank(query, expected, lang, strict=True) in (1, 2, 3)
            print(f"{lang}: {hits}/{len(QUERIES[lang])} in the first three ({strict} shown unfolded), "
                  f"{len(every_query(lang))} queries\n")
        print(f"both languages: {took:.2f} s")
        browser.close()
    server.shutdown()
