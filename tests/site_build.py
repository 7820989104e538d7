"""Build the site in-process, the way `mkdocs build --strict` does, and where it is served."""

import re
from urllib.parse import urlsplit

from markdown_pages import ROOT

# the path the site is served under: that of its site_url (/modules-and-parameters/)
SITE_PATH = urlsplit(re.search(r"^site_url: (\S+)", (ROOT / "mkdocs.yml").read_text(), re.M).group(1)).path


def strict_build(config_file, site_dir):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(config_file), site_dir=str(site_dir), strict=True))
