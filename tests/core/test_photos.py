from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.clock import FrozenClock
from core.photos import (
    MAX_PHOTO_BYTES,
    PhotoKind,
    PhotoNotAnImage,
    PhotoStore,
    PhotoTooLarge,
)

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
MAY = datetime(2026, 5, 3, 23, 30, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> PhotoStore:
    return PhotoStore(tmp_path, FrozenClock(MAY))


@pytest.mark.parametrize(
    ("content", "kind", "extension"),
    [(JPEG, PhotoKind.JPEG, ".jpg"), (PNG, PhotoKind.PNG, ".png"), (HEIC, PhotoKind.HEIC, ".heic")],
)
async def test_an_image_is_kept_under_its_month_with_the_extension_of_its_content(
    store: PhotoStore, tmp_path: Path, content: bytes, kind: PhotoKind, extension: str
) -> None:
    stored = await store.save(content, owner_user_id=7)

    assert (stored.kind, stored.size) == (kind, len(content))
    assert stored.path.startswith("photos/2026/05/")
    assert stored.path.endswith(extension)
    assert (tmp_path / stored.path).read_bytes() == content
    assert store.absolute(stored.path) == (tmp_path / stored.path).resolve()


@pytest.mark.parametrize("path", ["../secrets.txt", "photos/../../etc/passwd", "/etc/passwd"])
def test_a_path_leading_out_of_the_store_is_refused(store: PhotoStore, path: str) -> None:
    with pytest.raises(ValueError, match="not a path inside"):
        store.absolute(path)


async def test_two_photos_never_share_a_file(store: PhotoStore) -> None:
    first = await store.save(JPEG, owner_user_id=7)
    second = await store.save(JPEG, owner_user_id=7)

    assert first.path != second.path


async def test_nothing_but_the_photo_is_left_in_the_folder(
    store: PhotoStore, tmp_path: Path
) -> None:
    await store.save(PNG, owner_user_id=7)

    assert len(list((tmp_path / "photos" / "2026" / "05").iterdir())) == 1


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n" + b"\x00" * 64,
        b"GIF89a" + b"\x00" * 64,
        b"just some text pretending to be meter.jpg",
        b"",
        b"\x00\x00\x00\x18ftypisom" + b"\x00" * 64,  # an MP4 video, not a HEIC photo
    ],
)
async def test_what_is_not_a_jpeg_png_or_heic_is_refused_and_not_written(
    store: PhotoStore, tmp_path: Path, content: bytes
) -> None:
    with pytest.raises(PhotoNotAnImage) as caught:
        await store.save(content, owner_user_id=7)

    assert caught.value.code == "photo_not_an_image"
    assert not (tmp_path / "photos").exists()


async def test_more_than_ten_megabytes_is_refused(store: PhotoStore, tmp_path: Path) -> None:
    at_limit = JPEG + b"\x00" * (MAX_PHOTO_BYTES - len(JPEG))
    await store.save(at_limit, owner_user_id=7)

    with pytest.raises(PhotoTooLarge) as caught:
        await store.save(at_limit + b"\x00", owner_user_id=7)

    assert caught.value.code == "photo_too_large"
    assert caught.value.params == {"max_mb": 10}
    assert len(list((tmp_path / "photos" / "2026" / "05").iterdir())) == 1
