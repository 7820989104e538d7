"""Build the site in-process, the way `mkdocs build --strict` does."""

from mkdocs.commands.build import build
from mkdocs.config import load_config


def strict_build(config_file, site_dir):
    build(load_config(str(config_file), site_dir=str(site_dir), strict=True))
