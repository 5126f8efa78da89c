"""aiogram's HTTP session for the emulator."""

from __future__ import annotations

from aiogram.client.session.aiohttp import AiohttpSession


class LoopbackSession(AiohttpSession):
    """Closes without aiogram's 250 ms pause for TLS connections to wind down: the emulator
    speaks plain HTTP on loopback, and every test would otherwise pay that pause."""

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
