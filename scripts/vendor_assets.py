"""Copy the browser libraries the map needs from their npm packages into geo/web/vendor.

The packages and files are listed once, in geo.assets.VENDOR_PACKAGES. Each is
fetched with `npm pack NAME@VERSION` (the npm registry, no CDN), its listed files
and licence are copied, and vendor/MANIFEST.json records every file's sha256
(tests/test_assets.py checks the committed copies against it).
Run: python scripts/vendor_assets.py
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from geo.assets import MANIFEST, VENDOR_DIR, VENDOR_PACKAGES, sha256  # noqa: E402


def vendor() -> dict[str, str]:
    hashes: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for package in VENDOR_PACKAGES:
            work = Path(tmp) / package.folder
            work.mkdir()
            subprocess.run(["npm", "pack", f"{package.npm}@{package.version}", "--silent"],
                           cwd=work, check=True, capture_output=True)
            with tarfile.open(next(work.glob("*.tgz"))) as tar:
                tar.extractall(work, filter="data")
            target = VENDOR_DIR / package.folder
            shutil.rmtree(target, ignore_errors=True)
            for src, dest in {**package.files, package.licence_file: "LICENSE"}.items():
                out = target / dest
                out.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(work / "package" / src, out)
                hashes[f"{package.folder}/{dest}"] = sha256(out)
    return hashes


if __name__ == "__main__":
    files = vendor()
    MANIFEST.write_text(json.dumps({"packages": {p.npm: p.version for p in VENDOR_PACKAGES}, "files": files},
                                   indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"vendored {len(files)} files into {VENDOR_DIR}")
