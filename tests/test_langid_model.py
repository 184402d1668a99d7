"""The language model read from its cache copy ranks like the shipped one, and survives damage."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

TEXTS = [
    "The central bank raised interest rates again on Thursday.",
    "Die Zentralbank hat die Zinsen am Donnerstag erneut angehoben.",
    "El banco central volvió a subir los tipos de interés el jueves.",
]
RANK = (
    "import sys, json\n"
    "from crawler.extract.langid_model import identifier\n"
    "print(json.dumps([identifier().rank(t)[:3] for t in json.loads(sys.argv[1])]))\n"
)
SHIPPED = (
    "import sys, json\n"
    "import py3langid.langid as langid\n"
    "print(json.dumps([langid._get_identifier().rank(t)[:3] for t in json.loads(sys.argv[1])]))\n"
)


def run(code: str, cache: Path) -> str:
    import json

    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(TEXTS)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def test_the_cached_model_ranks_like_the_shipped_one(tmp_path: Path) -> None:
    shipped = run(SHIPPED, tmp_path)
    first = run(RANK, tmp_path)  # writes the cache
    folder = next((tmp_path / "presswatch").glob("py3langid-*"))
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{name}.npy" for name in ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
    )
    second = run(RANK, tmp_path)  # reads it
    assert first == second == shipped
    assert '"en"' in shipped and '"de"' in shipped and '"es"' in shipped


def test_a_damaged_cache_falls_back_to_the_shipped_model(tmp_path: Path) -> None:
    shipped = run(SHIPPED, tmp_path)
    run(RANK, tmp_path)
    folder = next((tmp_path / "presswatch").glob("py3langid-*"))
    (folder / "nextmove.npy").write_bytes(b"not an array")
    assert run(RANK, tmp_path) == shipped
