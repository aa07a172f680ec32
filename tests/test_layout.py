"""The package's layout reads as the pipeline, and stays that way.

load → model → analyse → render → handbook → assembly, with the MkDocs adapter (``site/``)
and the commands (``tools/``) on top: a module imports only from its own folder or from a
stage before it, nothing imports in a circle, and only ``site/`` knows MkDocs.
"""

from __future__ import annotations

import ast
from pathlib import Path

import yaml

from support import ROOT

PACKAGE = ROOT / "hooks" / "pmo_hub"
# Each part of the package, by the stage it belongs to: a part may import from its own stage
# and the stages before it. problems.py is first: every stage reports problems the same way.
STAGES = [
    {"problems"},
    {"model"},
    {"load"},
    {"analyse"},
    {"render"},
    {"handbook"},
    {"assembly"},
    {"site", "tools"},
    {"cli", "__main__", "__init__"},
]
MKDOCS = ("mkdocs", "material", "jinja2.ext")
MAX_LOOSE_MODULES = 8


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module ``path`` imports, at its top or inside a function, as an absolute name."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.add(module)
            # `from pmo_hub.render import paths` imports the module pmo_hub.render.paths
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def modules() -> dict[str, set[str]]:
    known = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    return {
        name: {imported for imported in imports_of(path) if imported in known and imported != name}
        for name, path in known.items()
    }


def part_of(module: str) -> str:
    """``pmo_hub.load.settings`` → ``load``; ``pmo_hub.cli`` → ``cli``; ``pmo_hub`` → ``__init__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def stage_of(module: str) -> int:
    return next(index for index, stage in enumerate(STAGES) if part_of(module) in stage)


def test_every_part_of_the_package_has_a_stage() -> None:
    assert {part_of(module) for module in modules()} <= set().union(*STAGES)


def test_no_module_imports_from_a_later_stage() -> None:
    upward = sorted(
        f"{module} imports {imported}"
        for module, imported_set in modules().items()
        for imported in imported_set
        if stage_of(imported) > stage_of(module) and part_of(imported) != "__init__"
    )
    assert upward == []


def test_no_import_cycles() -> None:
    graph = modules()
    # A package's __init__ re-exports its modules: importing it is importing them, not a cycle.
    graph = {
        name: {imported for imported in targets if not (name.startswith(imported + "."))}
        for name, targets in graph.items()
    }
    cycles: list[list[str]] = []
    state: dict[str, int] = {}

    def visit(module: str, stack: list[str]) -> None:
        state[module] = 1
        for imported in sorted(graph.get(module, ())):
            if state.get(imported) == 1:
                cycles.append([*stack[stack.index(imported) :], imported])
            elif imported not in state:
                visit(imported, [*stack, imported])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_only_the_mkdocs_adapter_imports_mkdocs() -> None:
    coupled = sorted(
        module_name(path)
        for path in PACKAGE.rglob("*.py")
        if part_of(module_name(path)) != "site"
        and any(name == root or name.startswith(root + ".") for name in imports_of(path) for root in MKDOCS)
    )
    assert coupled == []


def test_few_loose_modules_at_the_top() -> None:
    loose = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(loose) <= MAX_LOOSE_MODULES, loose


def test_the_site_lists_one_hook_and_it_hosts_the_plugin() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["hooks"] == ["hooks/pmo_hub_hook.py"]
    assert sorted(path.name for path in (ROOT / "hooks").glob("*.py")) == ["pmo_hub_hook.py"]
