from __future__ import annotations

import inspect
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from support import build, copy_fixture, site_config

TESTS = Path(__file__).resolve().parent


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A writable copy of the minimal valid portfolio."""
    return copy_fixture("minimal", tmp_path / "data")


@pytest.fixture(scope="session")
def insight_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The "insight" fixture portfolio built once per test process; tests only read it."""
    tmp = tmp_path_factory.mktemp("insight")
    data = copy_fixture("insight", tmp / "data")
    result = build(site_config(tmp, data))
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return tmp / "site"


# -- the `slow` marker, found rather than remembered ------------------------------------------
# `make test-fast` (-m "not slow and not browser") must skip every test that builds a whole
# site, and a forgotten @pytest.mark.slow would quietly put seconds back into it. So a test is
# marked slow here when it, a fixture it uses, or a helper of the test folder they call builds
# a site: runs `mkdocs` in a subprocess (support.build, harness.build_site, ...), or runs
# `pmo-hub generate` or `pmo-hub publish` without a ready-made --site (both load the whole
# MkDocs configuration and build).


def strings_and_names(code: types.CodeType) -> tuple[set[str], set[str]]:
    """The string constants and global names a function's code uses, nested code included."""
    strings = {c for c in code.co_consts if isinstance(c, str)}
    names = set(code.co_names)
    for inner in (c for c in code.co_consts if isinstance(c, types.CodeType)):
        more_strings, more_names = strings_and_names(inner)
        strings |= more_strings
        names |= more_names
    return strings, names


def runs_a_site_build(strings: set[str], names: set[str]) -> bool:
    if "mkdocs" in strings and "subprocess" in names:
        return True
    return "pmo_hub" in names and ("generate" in strings or ("publish" in strings and "--site" not in strings))


def helpers_called(function: types.FunctionType, names: set[str]) -> Iterator[types.FunctionType]:
    """The functions of the test folder that ``function`` refers to by a global name."""
    for name in names:
        target = function.__globals__.get(name)
        if isinstance(target, types.FunctionType) and is_in_the_test_folder(target):
            yield target


def is_in_the_test_folder(function: types.FunctionType) -> bool:
    source = inspect.getsourcefile(function)
    return source is not None and Path(source).resolve().is_relative_to(TESTS)


def builds_a_site(function: types.FunctionType, seen: set[types.FunctionType] | None = None) -> bool:
    seen = set() if seen is None else seen
    if function in seen:
        return False
    seen.add(function)
    strings, names = strings_and_names(function.__code__)
    return runs_a_site_build(strings, names) or any(
        builds_a_site(helper, seen) for helper in helpers_called(function, names)
    )


def functions_run_by(item: pytest.Function) -> Iterator[types.FunctionType]:
    """The test function and every fixture function of the test folder it depends on."""
    yield item.function
    for definitions in item._fixtureinfo.name2fixturedefs.values():
        for definition in definitions:
            function = inspect.unwrap(definition.func)
            if isinstance(function, types.FunctionType) and is_in_the_test_folder(function):
                yield function


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    verdicts: dict[types.FunctionType, bool] = {}
    for item in items:
        if not isinstance(item, pytest.Function) or item.get_closest_marker("slow"):
            continue
        for function in functions_run_by(item):
            if function not in verdicts:
                verdicts[function] = builds_a_site(function)
            if verdicts[function]:
                item.add_marker(pytest.mark.slow)
                break
