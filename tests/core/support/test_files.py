from __future__ import annotations

from pathlib import Path

import pytest

from core.clock import FrozenClock
from core.photos import PhotoNotAnImage, PhotoTooLarge
from core.support.files import MAX_DOCUMENT_BYTES, SupportFiles
from tests.bot.signed_in import PIXEL_PNG
from tests.core.accounts.seed import NOW


async def test_files_are_kept_with_safe_names_and_checked(tmp_path: Path) -> None:
    files = SupportFiles(tmp_path, FrozenClock(NOW))
    photo = await files.save(PIXEL_PNG, "photo", "../../etc/passwd")
    assert photo.startswith("support/2026/07/") and photo.endswith(".png")
    assert (tmp_path / photo).read_bytes() == PIXEL_PNG
    document = await files.save(b"%PDF-1.4", "document", "../акт.PDF")
    assert document.endswith(".pdf") and ".." not in document
    odd = await files.save(b"x", "document", "name.tar;rm -rf")
    assert odd.endswith(".bin")
    with pytest.raises(PhotoNotAnImage):
        await files.save(b"not an image", "photo", "a.jpg")
    with pytest.raises(PhotoTooLarge):
        await files.save(b"\0" * (MAX_DOCUMENT_BYTES + 1), "document", "big.pdf")
