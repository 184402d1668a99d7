"""py3langid's model, read from an uncompressed copy in the user's cache: its .xz takes 0.7 s.

Every crawl (a new process under cron) and every extraction worker loads the model once.
The first load unpacks it as it ships and writes each array as a plain .npy file under
``$XDG_CACHE_HOME/presswatch`` (default ``~/.cache/presswatch``); later loads map those
files instead (about 0.05 s).  Any problem with the cache falls back to the shipped model.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)
_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")


def cache_root() -> Path:
    """Where presswatch keeps rebuildable caches: $XDG_CACHE_HOME/presswatch or ~/.cache/..."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "presswatch"


@functools.cache
def identifier() -> Any:
    """The py3langid identifier, also installed as the one py3langid's functions use."""
    import py3langid
    import py3langid.langid as langid

    folder = cache_root() / f"py3langid-{py3langid.__version__}"
    if not folder.is_dir():
        _write_cache(folder, langid)
    loaded = _from_cache(folder, langid) if folder.is_dir() else None
    if loaded is None:
        loaded = langid._get_identifier()
    langid.IDENTIFIER = loaded
    return loaded


def _from_cache(folder: Path, langid: Any) -> Any:
    import numpy as np
    from py3langid.modelio import _to_array

    try:
        data = {name: np.load(folder / f"{name}.npy", mmap_mode="r") for name in _ARRAYS}
        return langid.LanguageIdentifier(
            np.asarray(data["ptc"]),
            np.asarray(data["pc"]),
            data["classes"].tolist(),
            memoryview(data["nextmove"]),  # mapped, not copied: 39 MB per process
            memoryview(data["out_feat"]),  # indexed as a list is, without 104,583 int objects
            tk_row=_to_array(data["nextmove_row"]),
        )
    except (OSError, ValueError, KeyError):
        logger.debug("language model cache unreadable: %s", folder, exc_info=True)
        return None


def _write_cache(folder: Path, langid: Any) -> None:
    """Unpack the shipped model, array by array, into `folder` (atomically)."""
    import io
    import lzma

    import numpy as np

    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        with lzma.open(langid.MODEL_DIR / langid.MODEL_FILE) as packed:
            arrays = np.load(io.BytesIO(packed.read()), allow_pickle=False)
            staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".langid-"))
            for name in _ARRAYS:
                np.save(staging / f"{name}.npy", arrays[name], allow_pickle=False)
        try:
            staging.rename(folder)
        except OSError:  # another process wrote it first
            shutil.rmtree(staging, ignore_errors=True)
    except (OSError, ValueError, KeyError, lzma.LZMAError):
        logger.debug("language model cache not written: %s", folder, exc_info=True)
