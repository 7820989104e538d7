"""No dead link anywhere in the built site, #fragments and notebook pages included
(tools/site_links.py), and proof that the check finds one."""

import pytest

pytest.importorskip("mkdocs", reason="the docs toolchain is not installed (e.g. a GPU machine running only the snippet tests)")

from site_build import SITE_URL
from site_links import broken_links


def test_every_link_and_fragment_in_the_built_site_resolves(built_site):
    pages = list(built_site.rglob("*.html"))
    assert len(pages) > 50 and any("notebooks" in p.parts for p in pages)
    broken = broken_links(built_site, SITE_URL)
    assert broken == [], f"{len(broken)} broken links:\n" + "\n".join(broken[:40])


def test_the_link_check_finds_a_dead_fragment_and_a_missing_page(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<a href="a/#here">ok</a> <a href="a/#gone">x</a> <a href="b/">y</a>'
                                         ' <a href="/modules-and-parameters/a/">abs</a>'
                                         f' <link rel="canonical" href="{SITE_URL}a/"> <a href="https://example.org/">z</a>')
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">Here</h2> <a href="../#top">up</a> <a name="top"></a>'
                                               '<a href="#top">top</a>')
    assert broken_links(tmp_path, SITE_URL) == [
        "a/index.html → ../#top (no #top there)",
        "index.html → a/#gone (no #gone there)",
        "index.html → b/ (no such file)",
        "index.html → /modules-and-parameters/a/ (absolute path: a 404 wherever the site is served under another path)",
    ]
