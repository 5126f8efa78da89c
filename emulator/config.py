"""The emulator's options (the `cabinet emulator` flags map onto these)."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_TOKEN = "123456789:AAEmulatorLocalTokenForDevelopment00"


@dataclass(frozen=True)
class EmulatorConfig:
    host: str = "127.0.0.1"
    port: int = 8081
    # None: the first well-formed token a bot uses binds the world (one bot per world).
    token: str | None = None
    bot_username: str = "cabinet_demo_bot"
    bot_first_name: str = "Кабинет"
    flood_limits: bool = True
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025  # 0 turns the mailbox off
    staff_chat_id: int | None = -1001000000001  # None: no staff group until POST /_emu/staff
    staff_title: str = "Staff"
    callback_query_timeout: float = 15.0
    pre_checkout_timeout: float = 10.0
    webhook_retry_first: float = 0.2
    webhook_retry_max: float = 5.0
    max_file_bytes: int = 20 * 1024 * 1024
    # The acquiring-bank sandbox (emulator/sandbox): the merchant's credentials and callback key
    # match the defaults of SBERBANK_USERNAME, SBERBANK_PASSWORD and SBERBANK_CALLBACK_KEY.
    sandbox_username: str = "demo-api"
    sandbox_password: str = "demo"
    sandbox_callback_key: str = "demo-callback-key"
    # Where callbacks go when register.do had no dynamicCallbackUrl (None: nowhere).
    sandbox_callback_url: str | None = "http://127.0.0.1:8080/payments/sberbank/callback"
    sandbox_merchant: str = 'ПАО "Ставропольэнергосбыт"'
    sandbox_callback_retries: int = 3  # attempts after the first on a non-200 answer
    sandbox_callback_backoff: float = 0.2  # seconds before the first retry, doubling after
