"""``pmo-hub generate``: the assembled site (``assembly.py``) written to disk as files.

So the site can be built by any MkDocs-compatible generator that does not run our plugin
(Material for MkDocs reaches end of life on 2027-05-05; its successor does not run MkDocs
hooks). It maps the same :class:`~pmo_hub.assembly.Site` as the plugin does;
``generate --out build/docs --config-out build/mkdocs.yml`` writes:

- a copy of the handbook (``docs/``), so ``build/docs`` is a complete docs folder, with each
  page's owner / last-updated / review facts in its front matter (``pmo_page``);
- every page and download generated from ``data/``;
- ``content-review.md`` and an ``.xlsx`` beside every template ``.csv``;
- ``build-info.json``;
- a MkDocs config without ``hooks:`` whose ``not_in_nav`` lists the generated pages the plugin
  keeps out of the sidebar, whose ``abbr`` has the glossary and whose ``extra.pmo_build`` gives
  the footer its line; its ``site_dir`` is inside the config's folder (Zensical refuses one
  outside it).

With directory URLs, every generated page is written as an index page (``portfolio/risks.md``
as ``portfolio/risks/index.md``: same URL, same output file) and the nav and Markdown links
follow it, so that its raw HTML links mean the same to MkDocs and to Zensical (see
``index_moves``). Tested with ProperDocs and Zensical in ``tests/test_engines.py``.

What cannot be expressed without hooks (see ``KNOWN_DIFFERENCES``) is listed by the command.
"""

from __future__ import annotations

import argparse
import os
import posixpath
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pmo_hub.assembly import DOWNLOAD_TEMPLATES, Handbook, Site, SiteAssembler
from pmo_hub.load.build_info import BUILD_INFO_FILE
from pmo_hub.load.mkdocs_config import SiteConfig, dump_site_config, read_site_config
from pmo_hub.problems import display_path
from pmo_hub.tools.options import shown

MARKER = ".pmo-hub-generated"  # a folder with this file was written by us and may be replaced
KNOWN_DIFFERENCES = (
    "templates/files/*.md are rendered as pages instead of offered as downloads "
    "(MkDocs renders every .md file; only a hook can serve one as a file)",
    "generated pages' edit buttons open docs/… instead of the data file (MkDocs derives them from edit_uri)",
    "the front matter of hand-written pages is checked by this command (its warnings above), not by the "
    "build, and the accessibility fixes to Material's markup are made only by the plugin",
)


class GenerateError(Exception):
    pass


@dataclass
class Generated:
    out: Path
    files: list[str] = field(default_factory=list)  # written, relative to ``out``
    copied: int = 0  # handbook files copied
    config: Path | None = None


def generate(
    config_file: Path,
    out: Path,
    *,
    config_out: Path | None = None,
    copy_docs: bool = True,
    warn: Callable[[str], None] = lambda line: None,
) -> Generated:
    """Write the site's sources to ``out``; ``warn`` is told each problem of a hand-written page or
    file (what a hooked build logs as a warning)."""
    if not config_file.is_file():
        raise GenerateError(f"{config_file}: no such MkDocs config")
    site_config = read_site_config(config_file)
    settings = site_config.settings()
    docs_dir = site_config.docs_dir.resolve()
    assembler = SiteAssembler(site_config.root)
    present = _handbook_paths(docs_dir)
    outside = assembler.outside_files(docs_dir, present)
    for problem in outside:
        warn(str(problem))
    shown_outside = {problem.path for problem in outside}
    present = [path for path in present if display_path(docs_dir / path) not in shown_outside]
    site = assembler.assemble(settings, Handbook.in_folder(docs_dir, present))
    for problem in site.problems:
        warn(str(problem))

    copy_docs = copy_docs and out.resolve() != docs_dir
    result = Generated(out)
    if copy_docs:
        _prepare(out)
        result.copied = _copy_docs(docs_dir, present, out)
        (out / MARKER).write_text("Written by `pmo-hub generate`; replaced by the next run.\n", encoding="utf-8")
    out.mkdir(parents=True, exist_ok=True)

    generated: dict[str, bytes] = {}
    hidden: list[str] = []
    for page in site.files():
        generated[page.path] = _bytes(page.content)
        if not page.listed:
            hidden.append(page.path)
    generated[BUILD_INFO_FILE] = site.build.as_json().encode("utf-8")
    rewritten: dict[str, bytes] = {}
    if copy_docs:
        for path, facts in site.facts.items():
            text, problems = site.fill_in_blocks(
                (docs_dir / path).read_text(encoding="utf-8"), path, display_path(docs_dir / path)
            )
            for problem in problems:
                warn(str(problem))
            rewritten[path] = with_front_matter(text, {"pmo_page": facts.as_front_matter()}).encode("utf-8")
    if copy_docs:
        clashes = sorted(path for path in generated if (docs_dir / path).exists())
        if clashes:
            raise GenerateError(
                "generated from the data, so remove or rename the hand-written file: "
                + ", ".join(f"docs/{path}" for path in clashes)
            )
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
        files = {
            moves.get(path, path): (
                _bytes(rebase_markdown_links(content.decode("utf-8"), path, moves, known))
                if path.endswith(".md")
                else content
            )
            for path, content in files.items()
        }
        hidden = [moves.get(path, path) for path in hidden]
    for path, content in sorted(files.items()):
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        result.files.append(path)
    if config_out is not None:
        write_config(site_config, config_out, out, hidden, site, moves)
        result.config = config_out
    return result


def _handbook_paths(docs_dir: Path) -> list[str]:
    """Every file of the docs folder, as MkDocs lists them (no dot-files), sorted."""
    return sorted(
        path.relative_to(docs_dir).as_posix()
        for path in docs_dir.rglob("*")
        if not path.is_dir() and not any(part.startswith(".") for part in path.relative_to(docs_dir).parts)
    )


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
            raise GenerateError(
                f"{out} is not empty and was not written by `pmo-hub generate`; choose an empty or new folder"
            )
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)


def _copy_docs(docs_dir: Path, paths: list[str], out: Path) -> int:
    for path in paths:
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(docs_dir / path, target)
    return len(paths)


def with_front_matter(text: str, extra: dict[str, Any]) -> str:
    """``text`` with ``extra`` keys added at the end of its YAML front matter (or a new one)."""
    block = yaml.safe_dump(extra, sort_keys=False, allow_unicode=True, default_flow_style=False)
    if text.startswith("---\n"):
        end = text.find("\n---", 3)
        if end != -1:
            return text[: end + 1] + block + text[end + 1 :]
    return f"---\n{block}---\n\n{text}"


# -- the config for a build without hooks ------------------------------------------------


def _with_glossary(extensions: Any, glossary: dict[str, str]) -> Any:
    """``abbr`` with the glossary the plugin would give it (see handbook/glossary.py)."""
    if not isinstance(extensions, list):
        return extensions
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


def write_config(
    site_config: SiteConfig,
    target: Path,
    docs: Path,
    hidden: list[str],
    site: Site,
    moves: dict[str, str] | None = None,
) -> None:
    """A copy of the site's config for building ``docs`` without hooks; paths re-based to ``target``."""
    config = site_config.data
    here = target.parent.resolve()
    root = site_config.root.resolve()

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
    new["markdown_extensions"] = _with_glossary(new.get("markdown_extensions"), site.glossary)
    extra = dict(new.get("extra") or {})
    extra["pmo_build"] = site.build.footer()
    new["extra"] = extra
    # The plugin adds these pages as "not in nav"; say so in the config instead. The handbook's
    # download templates (Markdown files the plugin serves as files) become pages no nav lists.
    patterns = [f"/{path}" for path in sorted(hidden)] + [f"/{DOWNLOAD_TEMPLATES}*.md"]
    new["not_in_nav"] = "".join(f"{pattern}\n" for pattern in patterns)
    header = (
        f"# Generated by `pmo-hub generate` from {site_config.path.name}: the same site, built without hooks.\n"
        "# Do not edit; run `make generate` again. For a byte-identical site, build with\n"
        f"# SOURCE_DATE_EPOCH={site.build.source_date_epoch} (the hooks set it; without them only the environment "
        "can).\n"
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(header + dump_site_config(new), encoding="utf-8")


def run(args: argparse.Namespace) -> int:
    try:
        result = generate(
            Path(args.config),
            Path(args.out),
            config_out=Path(args.config_out) if args.config_out else None,
            copy_docs=not args.pages_only,
            warn=lambda line: print(f"warning: {line}", file=sys.stderr),
        )
    except GenerateError as error:
        print(f"pmo-hub generate: {error}", file=sys.stderr)
        return 1
    copied = f" and copied {result.copied} handbook files" if result.copied else ""
    print(f"wrote {len(result.files)} files{copied} to {shown(result.out)}")
    if result.config is not None:
        print(f"wrote {shown(result.config)}: build with `mkdocs build -f {shown(result.config)}`")
        print("Without hooks, the build differs only in: " + "; ".join(KNOWN_DIFFERENCES) + ".")
    return 0
