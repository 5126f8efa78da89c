"""The sandbox's part of the control API (`/_emu/sandbox/...`, see CONTROL_API.md)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from emulator.control import body, json_endpoint
from emulator.sandbox.gateway import SANDBOX_KEY, Sandbox, SandboxError, check_timing
from emulator.sandbox.orders import FORGERIES, STATUS_FAILURES, Order

MAX_WAIT = 30.0


def sandbox_of(request: web.Request) -> Sandbox:
    return request.app[SANDBOX_KEY]


def order_of(request: web.Request) -> Order:
    return sandbox_of(request).order(request.match_info["order_id"])


def check_forgery(value: Any) -> str | None:
    if value in (None, ""):
        return None
    if value not in FORGERIES:
        raise SandboxError(f"forgery must be null or one of {sorted(FORGERIES)}")
    return str(value)


async def get_orders(request: web.Request) -> Any:
    return [order.to_json() for order in sandbox_of(request).book.orders.values()]


async def get_order(request: web.Request) -> Any:
    return order_of(request).to_json()


async def settle(request: web.Request, paid: bool) -> Any:
    data = await body(request)
    action_code = data.get("action_code")
    settlement = await sandbox_of(request).settle(
        order_of(request),
        paid,
        str(request.url.origin()),
        action_code=None if action_code is None else int(action_code),
        ip=str(data.get("ip") or "127.0.0.1"),
    )
    return settlement.to_json()


async def post_pay(request: web.Request) -> Any:
    return await settle(request, paid=True)


async def post_decline(request: web.Request) -> Any:
    return await settle(request, paid=False)


async def post_faults(request: web.Request) -> Any:
    faults = order_of(request).faults
    data = await body(request)
    if "status_failures" in data:
        failures = [str(failure) for failure in data["status_failures"]]
        unknown = set(failures) - STATUS_FAILURES
        if unknown:
            raise SandboxError(f"status_failures take {sorted(STATUS_FAILURES)}")
        faults.status_failures.extend(failures)
    if "callback_replay" in data:
        faults.callback_replay = bool(data["callback_replay"])
    if "callback_forgery" in data:
        faults.callback_forgery = check_forgery(data["callback_forgery"])
    if "callback_timing" in data:
        timing = data["callback_timing"]
        faults.callback_timing = None if timing is None else check_timing(timing)
    if "callback_delay" in data:
        delay = data["callback_delay"]
        faults.callback_delay = None if delay is None else max(0.0, float(delay))
    return faults.to_json()


async def post_callback(request: web.Request) -> Any:
    """Sends the callback of a settled order now (after a `never` timing, or once more)."""
    sandbox = sandbox_of(request)
    order = order_of(request)
    if not order.settled:
        raise SandboxError("the order is not paid or declined yet", 409)
    if sandbox.callback_url_of(order) is None:
        raise SandboxError("no callback URL: set one in /_emu/sandbox/settings", 409)
    data = await body(request)
    deliveries = sandbox.send_callbacks(order, forgery=check_forgery(data.get("forgery")))
    await deliveries[0].first_attempt.wait()
    return [delivery.to_json() for delivery in deliveries]


async def get_callbacks(request: web.Request) -> Any:
    """The callbacks sent; with `wait`, first waits up to that many seconds until `count` of them
    (of `order_id` when given) have had an attempt (`done=1`: have finished retrying)."""
    sandbox = sandbox_of(request)
    order_id = request.query.get("order_id") or None
    wait = min(float(request.query.get("wait") or 0), MAX_WAIT)
    count = int(request.query.get("count") or 1)
    finished = request.query.get("done") in ("1", "true")

    def ready() -> bool:
        deliveries = sandbox.book.callbacks_of(order_id)
        settled = [d for d in deliveries if (d.done if finished else d.attempts)]
        return len(settled) >= count

    if wait > 0:
        await sandbox.book.wait_until(ready, wait)
    return [delivery.to_json() for delivery in sandbox.book.callbacks_of(order_id)]


async def get_settings(request: web.Request) -> Any:
    return sandbox_of(request).settings.to_json()


async def post_settings(request: web.Request) -> Any:
    settings = sandbox_of(request).settings
    settings.update(await body(request))
    return settings.to_json()


async def post_reset(request: web.Request) -> Any:
    sandbox_of(request).reset()
    return True


def setup_sandbox_control(app: web.Application) -> None:
    routes = app.router
    routes.add_get("/_emu/sandbox/orders", json_endpoint(get_orders))
    routes.add_get("/_emu/sandbox/orders/{order_id}", json_endpoint(get_order))
    routes.add_post("/_emu/sandbox/orders/{order_id}/pay", json_endpoint(post_pay))
    routes.add_post("/_emu/sandbox/orders/{order_id}/decline", json_endpoint(post_decline))
    routes.add_post("/_emu/sandbox/orders/{order_id}/faults", json_endpoint(post_faults))
    routes.add_post("/_emu/sandbox/orders/{order_id}/callback", json_endpoint(post_callback))
    routes.add_get("/_emu/sandbox/callbacks", json_endpoint(get_callbacks))
    routes.add_get("/_emu/sandbox/settings", json_endpoint(get_settings))
    routes.add_post("/_emu/sandbox/settings", json_endpoint(post_settings))
    routes.add_post("/_emu/sandbox/reset", json_endpoint(post_reset))
