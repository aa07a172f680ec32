"""Where a build's memory goes: tracemalloc over the real site configuration and N synthetic projects.

Adds ``memory_profile_hook.py`` after the site's hooks; it starts tracemalloc when the build
starts and prints, at the end of the pages' population (``on_env``: every page read and
converted, none rendered) and at the end of the build, the traced total, the traced peak and the
largest allocations by source line and by file. tracemalloc slows the build several times and
counts Python allocations only (not the interpreter, libraries' C buffers or the forked views
process): use it to see where, and build_benchmark.py to see how much.

    .venv/bin/python benchmarks/memory_profile.py 1000 [--top 15]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import ROOT, make_portfolio  # noqa: E402

HOOK = Path(__file__).resolve().parent / "memory_profile_hook.py"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", nargs="?", type=int, default=1000)
    parser.add_argument("--top", type=int, default=15, help="allocation sites to print (default 15)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pmo-memory-") as tmp:
        source = Path(tmp) / "source"
        for name in ("docs", "overrides"):
            shutil.copytree(ROOT / name, source / name)
        shutil.copytree(ROOT / "hooks", source / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
        config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
        config["hooks"] = [*config["hooks"], str(HOOK)]
        (source / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        make_portfolio(source / "data", args.count)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PMO_MEMORY_TOP": str(args.top)}
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(Path(tmp) / "site")],
            cwd=source,
            env=env,
            check=True,
        )


if __name__ == "__main__":
    main()
