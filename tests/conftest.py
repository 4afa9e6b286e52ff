from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def site_dir(request) -> Path:
    """The built site, for the checks that read it (``--site site``)."""
    option = request.config.getoption("--site")
    if not option:
        pytest.skip("needs a built site: run `nox -s docs` (it passes --site site)")
    path = Path(option).resolve()
    assert (path / "index.html").is_file(), f"{path} holds no built site"
    return path
