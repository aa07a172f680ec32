"""``pmo-hub generate``: everything our MkDocs hooks add, written to disk as files.

So the site can be built by any MkDocs-compatible generator that does not run our hooks
(Material for MkDocs reaches end of life on 2027-05-05; its successor does not run MkDocs
hooks). ``generate --out build/docs --config-out build/mkdocs.yml`` writes:

- a copy of the handbook (``docs/``), so ``build/docs`` is a complete docs folder, with each
  page's owner / last-updated / review facts in its front matter (``pmo_page``);
- every page and download generated from ``data/`` (what ``pmo_hub_hook.py`` adds);
- ``content-review.md`` and an ``.xlsx`` beside every template ``.csv`` (``pmo_hub_handbook_hook.py``);
- ``build-info.json`` (``pmo_hub_build_hook.py``);
- a MkDocs config without ``hooks:`` whose ``not_in_nav`` lists the generated pages the hooks
  keep out of the sidebar and whose ``extra.pmo_build`` gives the footer its line; its
  ``site_dir`` is inside the config's folder (Zensical refuses one outside it).

With directory URLs, every generated page is written as an index page (``portfolio/risks.md``
as ``portfolio/risks/index.md``: same URL, same output file) and the nav and Markdown links
follow it, so that its raw HTML links mean the same to MkDocs and to Zensical (see
``index_moves``). Tested with ProperDocs and Zensical in ``tests/test_engines.py``.

What cannot be expressed without hooks (see ``KNOWN_DIFFERENCES``) is listed by the command.
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from pmo_hub.load import build_info
from pmo_hub.render import paths as site_paths
from pmo_hub.load.portfolio import load_portfolio
from pmo_hub.model import Portfolio
from pmo_hub.handbook.glossary import GLOSSARY_FILE, read_abbreviations
from pmo_hub.render.pages import PageRenderer, site_pages
from pmo_hub.load.settings import HubSettings
from pmo_hub.render.views_job import ViewsJob

DOWNLOAD_TEMPLATES = "templates/files/"  # pmo_hub_handbook_hook.DOWNLOADS
MARKER = ".pmo-hub-generated"  # a folder with this file was written by us and may be replaced
KNOWN_DIFFERENCES = (
    "templates/files/*.md are rendered as pages instead of offered as downloads "
    "(MkDocs renders every .md file; only a hook can serve one as a file)",
    "generated pages' edit buttons open docs/… instead of the data file (MkDocs derives them from edit_uri)",
    "the front matter checks of hand-written pages and the accessibility fixes to Material's markup "
    "run only as hooks",
)


class GenerateError(Exception):
    pass


@dataclass
class Generated:
    out: Path
    files: list[str] = field(default_factory=list)          # written, relative to ``out``
    copied: int = 0                                         # handbook files copied
    config: Path | None = None


def generate(config_file: Path, settings: HubSettings, out: Path, *, config_out: Path | None = None,
             copy_docs: bool = True) -> Generated:
    config = read_config(config_file)
    root = config_file.parent
    docs_dir = (root / str(config.get("docs_dir", "docs"))).resolve()
    data_dir = root / settings.data_dir
    portfolio = load_portfolio(data_dir)
    info = build_info.collect(root, data_dir)
    build_info.pin_source_date_epoch(info)  # same dates as the hook build (handbook "last updated")

    copy_docs = copy_docs and out.resolve() != docs_dir
    result = Generated(out)
    if copy_docs:
        _prepare(out)
        result.copied = _copy_docs(docs_dir, out)
        (out / MARKER).write_text("Written by `pmo-hub generate`; replaced by the next run.\n", encoding="utf-8")
    out.mkdir(parents=True, exist_ok=True)

    views = ViewsJob(portfolio, settings)  # started first: it renders while this process does the rest
    renderer = PageRenderer(portfolio, settings)
    generated: dict[str, bytes] = {}
    hidden: list[str] = []
    for page in [*site_pages(portfolio, settings), *views.pages()]:
        generated[page.path] = _bytes(page.content)
        if page.is_page and not page.in_nav:
            hidden.append(page.path)
    handbook, rewritten = _handbook_files(docs_dir, portfolio, renderer, settings, add_facts=copy_docs)
    generated.update(handbook)
    generated[build_info.BUILD_INFO_FILE] = info.as_json().encode("utf-8")
    if copy_docs:
        clashes = sorted(path for path in generated if (docs_dir / path).exists())
        if clashes:
            raise GenerateError("generated from the data, so remove or rename the hand-written file: "
                                + ", ".join(f"docs/{path}" for path in clashes))
    files = {**generated, **rewritten}
    moves: dict[str, str] = {}
    if copy_docs and settings.directory_urls:
        copied = {path.relative_to(out).as_posix() for path in out.rglob("*") if path.is_file()} - {MARKER}
        moves = index_moves([path for path in generated if path.endswith(".md")], copied | set(files))
        for path in sorted(copied - set(files)):
            if path.endswith(".md"):
                text = (out / path).read_text(encoding="utf-8")
                new_text = rebase_markdown_links(text, path, moves, copied | set(files))
                if new_text != text:
                    files[path] = new_text.encode("utf-8")
        known = copied | set(files)
        files = {moves.get(path, path): (_bytes(rebase_markdown_links(content.decode("utf-8"), path, moves, known))
                                         if path.endswith(".md") else content)
                 for path, content in files.items()}
        hidden = [moves.get(path, path) for path in hidden]
    for path, content in sorted(files.items()):
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        result.files.append(path)
    if config_out is not None:
        write_config(config, config_file, config_out, out, hidden, info, moves)
        result.config = config_out
    return result


# -- generated pages as index pages -------------------------------------------------------
#
# A generated page links in raw HTML (its tables), relative to its URL: ``portfolio/risks.md`` is
# served at ``portfolio/risks/`` and links ``../projects/NMC-001/``. MkDocs leaves raw HTML alone;
# Zensical rewrites every relative link of a page as relative to its *source file*, as MkDocs does
# for Markdown links only, so on ``portfolio/risks.md`` that link gains a ``../``. For an index page
# (``portfolio/risks/index.md``) the source's folder is the URL, so both readings agree: the
# generated docs hold every generated page as an index page (same URL, same output file), and the
# Markdown links to and from the moved pages, and the nav, are rewritten to match.

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_INLINE_LINK = re.compile(r"(\]\(\s*<?)([^)\s>]+)")
_REFERENCE = re.compile(r"^( {0,3}\[[^\]]+\]:[ \t]*<?)(\S+?)(?=>|\s|$)")


def index_moves(pages: list[str], existing: set[str]) -> dict[str, str]:
    """``{"portfolio/risks.md": "portfolio/risks/index.md", …}`` for the generated pages that are
    not index pages (a page whose index path is taken keeps its place)."""
    moves = {}
    for path in sorted(pages):
        if posixpath.basename(path) == "index.md":
            continue
        target = path[: -len(".md")] + "/index.md"
        if target not in existing:
            moves[path] = target
    return moves


def rebase_markdown_links(text: str, path: str, moves: dict[str, str], known: set[str]) -> str:
    """``text`` (the Markdown of ``path``) with its links to docs files made right for the moves."""
    new_path = moves.get(path, path)
    if not moves or (new_path == path and not any(posixpath.basename(old)[:-3] in text for old in moves)):
        return text
    here, there = posixpath.dirname(path), posixpath.dirname(new_path)

    def rebase(target: str) -> str:
        if not target or target.startswith(("#", "/")) or "://" in target or ":" in target.split("/")[0]:
            return target
        cut = min((i for i in (target.find("#"), target.find("?")) if i != -1), default=len(target))
        link, rest = target[:cut], target[cut:]
        resolved = posixpath.normpath(posixpath.join(here, link))
        if resolved not in known or (resolved not in moves and new_path == path):
            return target
        return posixpath.relpath(moves.get(resolved, resolved), there or ".") + rest

    lines, fence = [], ""
    for line in text.splitlines(keepends=True):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
        elif opening:
            fence = opening.group(1)
        else:
            line = _INLINE_LINK.sub(lambda m: m.group(1) + rebase(m.group(2)), line)
            line = _REFERENCE.sub(lambda m: m.group(1) + rebase(m.group(2)), line)
        lines.append(line)
    return "".join(lines)


def _moved_nav(nav: Any, moves: dict[str, str]) -> Any:
    if isinstance(nav, str):
        return moves.get(nav, nav)
    if isinstance(nav, list):
        return [_moved_nav(item, moves) for item in nav]
    if isinstance(nav, dict):
        return {key: _moved_nav(value, moves) for key, value in nav.items()}
    return nav


def _bytes(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def _prepare(out: Path) -> None:
    """An empty ``out``: refuse to clear a folder we did not write."""
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise GenerateError(f"{out} is not empty and was not written by `pmo-hub generate`; "
                                "choose an empty or new folder")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)


def _copy_docs(docs_dir: Path, out: Path) -> int:
    count = 0
    for path in sorted(docs_dir.rglob("*")):
        if path.is_dir():
            continue
        target = out / path.relative_to(docs_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        count += 1
    return count


def _handbook_files(docs_dir: Path, portfolio: Portfolio, renderer: PageRenderer, settings: HubSettings, *,
                    add_facts: bool) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """What ``pmo_hub_handbook_hook.py`` adds: (new files, hand-written pages with their facts added)."""
    from pmo_hub.handbook import content_review, csv_to_xlsx, handbook_sources, last_updated, read_pages
    from pmo_hub.handbook.review import render_content_review

    files: dict[str, bytes] = {}
    rewritten: dict[str, bytes] = {}
    role_ids = [role.id for role in portfolio.roles]
    sources = handbook_sources(docs_dir)
    pages = read_pages(docs_dir, sources)
    review = render_content_review(renderer, content_review(pages, portfolio.reporting_date, role_ids))
    files[review.path] = _bytes(review.content)
    for csv_file in sorted(docs_dir.rglob("*.csv")):
        relative = csv_file.relative_to(docs_dir).as_posix()
        target = relative[: -len(".csv")] + ".xlsx"
        if not (docs_dir / target).exists():
            files[target] = csv_to_xlsx(csv_file.read_text(encoding="utf-8"), csv_file.stem)
    if add_facts:
        updated = last_updated(docs_dir, sources)
        roles = {role.id: role for role in portfolio.roles}
        for page in pages:
            role = roles.get(page.owner) if page.owner else None
            changed = updated.get(page.src_path)
            facts = {
                "owner_id": role.id if role else None,
                "owner_name": role.name if role else None,
                "owner_url": site_paths.page_url(site_paths.role_page(role.id), settings.directory_urls) if role else None,
                "updated": changed,
                "updated_text": _date_text(changed),
                "review_by": page.review_by,
                "review_by_text": _date_text(page.review_by),
                "review_overdue": page.review_by is not None and page.review_by < portfolio.reporting_date,
            }
            text = (docs_dir / page.src_path).read_text(encoding="utf-8")
            rewritten[page.src_path] = with_front_matter(text, {"pmo_page": facts}).encode("utf-8")
    return files, rewritten


def _date_text(value: date | None) -> str | None:
    """A date as the page facts show it; Zensical's templates get front matter dates as strings,
    which they cannot format (``overrides/partials/pmo-page-facts.html``)."""
    return value.strftime("%d %b %Y") if value else None


def with_front_matter(text: str, extra: dict[str, Any]) -> str:
    """``text`` with ``extra`` keys added at the end of its YAML front matter (or a new one)."""
    block = yaml.safe_dump(extra, sort_keys=False, allow_unicode=True, default_flow_style=False)
    if text.startswith("---\n"):
        end = text.find("\n---", 3)
        if end != -1:
            return text[: end + 1] + block + text[end + 1:]
    return f"---\n{block}---\n\n{text}"


# -- the config for a build without hooks ------------------------------------------------


class _Tagged:
    """A YAML value with a tag we must keep but not interpret (``!ENV``, ``!!python/name:``)."""

    def __init__(self, tag: str, node: yaml.Node, value: Any) -> None:
        self.tag, self.node_type, self.value = tag, type(node), value


class _ConfigLoader(yaml.SafeLoader):
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _Tagged:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return _Tagged(node.tag, node, value)


_ConfigLoader.add_multi_constructor("!", _construct_tagged)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)


class _ConfigDumper(yaml.SafeDumper):
    pass


def _represent_tagged(dumper: yaml.SafeDumper, data: _Tagged) -> yaml.Node:
    if data.node_type is yaml.SequenceNode:
        return dumper.represent_sequence(data.tag, data.value)
    if data.node_type is yaml.MappingNode:
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_ConfigDumper.add_representer(_Tagged, _represent_tagged)


def _with_glossary(extensions: Any, docs: Path) -> Any:
    """``abbr`` with the glossary the handbook hook would give it (see handbook/glossary.py)."""
    if not isinstance(extensions, list):
        return extensions
    glossary = read_abbreviations(docs / GLOSSARY_FILE)
    result = []
    for item in extensions:
        if item == "abbr":
            item = {"abbr": {"glossary": glossary}}
        elif isinstance(item, dict) and "abbr" in item:
            item = {"abbr": {**(item["abbr"] or {}), "glossary": glossary}}
        result.append(item)
    return result


def _site_dir(rebased: str, docs_dir: str) -> str:
    """The site's folder inside the config's folder: Zensical refuses a ``site_dir`` (or ``docs_dir``)
    outside the folder of its config, and ``../site`` would replace the hooked build's output."""
    inside = not rebased.startswith("..") and not os.path.isabs(rebased)
    if inside and rebased not in ("", ".") and os.path.normpath(rebased) != os.path.normpath(docs_dir):
        return rebased
    return "site" if os.path.normpath(docs_dir) != "site" else "_site"


def read_config(config_file: Path) -> dict[str, Any]:
    if not config_file.is_file():
        raise GenerateError(f"{config_file}: no such MkDocs config")
    data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader)  # noqa: S506 (safe + tags kept)
    if not isinstance(data, dict):
        raise GenerateError(f"{config_file}: not a MkDocs config")
    return data


def write_config(config: dict[str, Any], config_file: Path, target: Path, docs: Path, hidden: list[str],
                 info: build_info.BuildInfo, moves: dict[str, str] | None = None) -> None:
    """A copy of the site's config for building ``docs`` without hooks; paths re-based to ``target``."""
    here = target.parent.resolve()
    root = config_file.parent.resolve()

    def rebase(value: str) -> str:
        return os.path.relpath((root / value).resolve(), here)

    new = dict(config)
    new.pop("hooks", None)
    new["docs_dir"] = os.path.relpath(docs.resolve(), here)
    new["site_dir"] = _site_dir(rebase(str(config.get("site_dir", "site"))), new["docs_dir"])
    theme = new.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        new["theme"] = {**theme, "custom_dir": rebase(theme["custom_dir"])}
    if isinstance(new.get("watch"), list):
        new["watch"] = [rebase(item) if isinstance(item, str) else item for item in new["watch"]]
    if moves and "nav" in new:
        new["nav"] = _moved_nav(new["nav"], moves)
    new["markdown_extensions"] = _with_glossary(new.get("markdown_extensions"), docs)
    extra = dict(new.get("extra") or {})
    extra["pmo_build"] = info.footer()
    new["extra"] = extra
    # The hooks add these pages as "not in nav"; say so in the config instead. The handbook's
    # download templates (Markdown files a hook serves as files) become pages no nav lists.
    patterns = [f"/{path}" for path in sorted(hidden)] + [f"/{DOWNLOAD_TEMPLATES}*.md"]
    new["not_in_nav"] = "".join(f"{pattern}\n" for pattern in patterns)
    header = (f"# Generated by `pmo-hub generate` from {config_file.name}: the same site, built without hooks.\n"
              "# Do not edit; run `make generate` again. For a byte-identical site, build with\n"
              f"# SOURCE_DATE_EPOCH={info.source_date_epoch} (the hooks set it; without them only the environment can).\n")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(header + yaml.dump(new, Dumper=_ConfigDumper, sort_keys=False, allow_unicode=True,
                                         default_flow_style=False, width=100), encoding="utf-8")
