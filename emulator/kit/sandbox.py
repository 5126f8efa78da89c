"""`emu.sandbox`: the payment sandbox from a test, over real HTTP (CONTROL_API.md, "Payment sandbox").

A test plays the customer on the bank page (`open_page`, `press`) or skips the browser (`pay`,
`decline`), sets faults, and reads the callbacks the sandbox sent with the merchant's answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import aiohttp

from emulator.sandbox.gateway import FORM_PATH
from emulator.sandbox.rest import REST_PATH

if TYPE_CHECKING:
    from emulator.kit.harness import EmulatorHarness


class SandboxClient:
    def __init__(self, emu: EmulatorHarness) -> None:
        self._emu = emu

    # --- where things are ------------------------------------------------------------------
    @property
    def api_url(self) -> str:
        """For SBERBANK_API_URL."""
        return self._emu.base_url + REST_PATH

    @property
    def credentials(self) -> dict[str, str]:
        config = self._emu.config
        return {"userName": config.sandbox_username, "password": config.sandbox_password}

    @staticmethod
    def order_id_of(form_url: str) -> str:
        """The order id in a formUrl (the link the bot gives the customer)."""
        return form_url.rsplit(FORM_PATH, 1)[1].split("?", 1)[0]

    # --- the merchant's side (for the sandbox's own tests) ----------------------------------
    async def rest(self, method: str, **params: Any) -> tuple[int, Any]:
        """POSTs `{api_url}/{method}` form-encoded with the merchant's credentials added."""
        form = {**self.credentials, **{k: str(v) for k, v in params.items() if v is not None}}
        async with self._http().post(f"{self.api_url}/{method}", data=form) as response:
            if response.content_type == "application/json":
                return response.status, await response.json()
            return response.status, await response.text()

    async def register(self, order_number: str, amount: int, return_url: str, **extra: Any) -> Any:
        _, answer = await self.rest(
            "register.do", orderNumber=order_number, amount=amount, returnUrl=return_url, **extra
        )
        return answer

    # --- the customer's side ---------------------------------------------------------------
    async def open_page(self, order: str) -> tuple[int, str]:
        """The bank page of an order id or formUrl: (HTTP status, HTML)."""
        url = order if "://" in order else f"{self._emu.base_url}{FORM_PATH}{order}"
        async with self._http().get(url) as response:
            return response.status, await response.text()

    async def press(self, order_id: str, button: str) -> tuple[int, str | None]:
        """Presses «Оплатить» (`pay`) or «Отказаться» (`decline`) on the page, as a browser
        posts its form: (HTTP status, the Location the browser would follow)."""
        url = f"{self._emu.base_url}{FORM_PATH}{order_id}"
        async with self._http().post(
            url, data={"action": button}, allow_redirects=False
        ) as response:
            return response.status, response.headers.get("Location")

    async def pay(self, order_id: str) -> dict[str, Any]:
        """As «Оплатить»: `{"order", "redirect_url", "callbacks"}`."""
        result: dict[str, Any] = await self._emu.control(
            "POST", f"/_emu/sandbox/orders/{order_id}/pay", json={}
        )
        return result

    async def decline(self, order_id: str, action_code: int | None = None) -> dict[str, Any]:
        body = {} if action_code is None else {"action_code": action_code}
        result: dict[str, Any] = await self._emu.control(
            "POST", f"/_emu/sandbox/orders/{order_id}/decline", json=body
        )
        return result

    # --- state ------------------------------------------------------------------------------
    async def orders(self) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = await self._emu.control("GET", "/_emu/sandbox/orders")
        return result

    async def order(self, order_id: str) -> dict[str, Any]:
        result: dict[str, Any] = await self._emu.control("GET", f"/_emu/sandbox/orders/{order_id}")
        return result

    async def callbacks(self, order_id: str | None = None) -> list[dict[str, Any]]:
        return await self._callbacks(order_id)

    async def wait_callbacks(
        self,
        order_id: str | None = None,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109
        done: bool = False,
    ) -> list[dict[str, Any]]:
        """Waits (server-side, no polling) until `count` callbacks have had an attempt (with
        `done`: have finished retrying), then returns all of them."""
        found = await self._callbacks(order_id, wait=timeout, count=count, done=done)
        ready = [c for c in found if (c["done"] if done else c["attempts"])]
        if len(ready) < count:
            from emulator.kit.harness import KitError

            raise KitError(f"{len(ready)} of {count} callbacks within {timeout}s: {found}")
        return found

    async def _callbacks(self, order_id: str | None, **wait: Any) -> list[dict[str, Any]]:
        query = {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in wait.items()}
        if order_id is not None:
            query["order_id"] = order_id
        result: list[dict[str, Any]] = await self._emu.control(
            "GET", "/_emu/sandbox/callbacks", params=query
        )
        return result

    # --- faults and settings -----------------------------------------------------------------
    async def faults(self, order_id: str, **faults: Any) -> dict[str, Any]:
        result: dict[str, Any] = await self._emu.control(
            "POST", f"/_emu/sandbox/orders/{order_id}/faults", json=faults
        )
        return result

    async def fail_status_once(self, order_id: str, error: str = "7") -> None:
        """The next getOrderStatusExtended of the order fails: "5", "7" or "http500"."""
        await self.faults(order_id, status_failures=[error])

    async def replay_callback(self, order_id: str) -> None:
        """The order's callback will be sent twice."""
        await self.faults(order_id, callback_replay=True)

    async def forge_callback(self, order_id: str, forgery: str = "wrong_checksum") -> None:
        """The order's callback goes with a wrong checksum (or none: "no_checksum")."""
        await self.faults(order_id, callback_forgery=forgery)

    async def callback_timing(
        self, timing: str, delay: float | None = None, order_id: str | None = None
    ) -> None:
        """ "before_return" (the default), "delayed" or "never"; for one order or all."""
        if order_id is not None:
            await self.faults(order_id, callback_timing=timing, callback_delay=delay)
            return
        changes: dict[str, Any] = {"callback_timing": timing}
        if delay is not None:
            changes["callback_delay"] = delay
        await self.settings(**changes)

    async def send_callback(
        self, order_id: str, forgery: str | None = None
    ) -> list[dict[str, Any]]:
        """Sends a settled order's callback now (waits for its first attempt)."""
        result: list[dict[str, Any]] = await self._emu.control(
            "POST", f"/_emu/sandbox/orders/{order_id}/callback", json={"forgery": forgery}
        )
        return result

    async def settings(self, **changes: Any) -> dict[str, Any]:
        """Reads the sandbox's settings, changing those given first (see CONTROL_API.md)."""
        if not changes:
            current: dict[str, Any] = await self._emu.control("GET", "/_emu/sandbox/settings")
            return current
        result: dict[str, Any] = await self._emu.control(
            "POST", "/_emu/sandbox/settings", json=changes
        )
        return result

    async def set_callback_url(self, url: str | None) -> None:
        await self.settings(callback_url=url)

    def _http(self) -> aiohttp.ClientSession:
        session = self._emu._http
        assert session is not None, "the harness is not running"
        return session
