"""Settings, read once by the composition root (environment or `.env`)."""

from __future__ import annotations

from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///var/cabinet.db"
BROADCAST_LIMIT = 30  # messages a second to different chats, Telegram's free limit
PAID_BROADCAST_LIMIT = 1000


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org"
    database_url: str = DEFAULT_DATABASE_URL
    # Connections a worker keeps open to PostgreSQL, and how many more it may open in a burst
    # (closed again when returned). Ignored for SQLite (one connection, taken in turns).
    database_pool_size: int = Field(default=10, ge=1)
    database_max_overflow: int = Field(default=10, ge=0)
    redis_url: str | None = None
    files_dir: str = "var/files"
    staff_chat_id: int | None = None
    # When set, only these Telegram users act as staff in the staff group (comma-separated ids).
    staff_user_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    timezone: str = "Europe/Moscow"
    readings_window_start_day: int = Field(default=15, ge=1, le=31)
    readings_window_end_day: int = Field(default=25, ge=1, le=31)
    # Bills are paid by this day of the month; customers with a debt are reminded this many days
    # before it (and on the days after that, until the deadline, if they were missed).
    payment_due_day: int = Field(default=10, ge=1, le=28)
    payment_reminder_days_before: int = Field(default=3, ge=1, le=27)

    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    smtp_from: str = "robot@localhost"

    payment_provider: Literal["sberbank", "telegram"] = "sberbank"
    sberbank_api_url: str = "http://127.0.0.1:8081/sandbox/sberbank/payment/rest"
    sberbank_username: str = "demo-api"
    sberbank_password: SecretStr = SecretStr("demo")
    sberbank_callback_key: SecretStr = SecretStr("demo-callback-key")

    telegram_payment_provider_token: SecretStr | None = None
    payment_max_rub: int = Field(default=500_000, ge=1)
    # The payee in bills and their payment QR (ГОСТ Р 56042-2014); the demo company's by default.
    payee_name: str = Field(default='ПАО "Ставропольэнергосбыт"', min_length=1)
    payee_inn: str = Field(default="2626033550", min_length=1)
    payee_kpp: str = "263201001"
    payee_account: str = Field(default="40702810460100100614", min_length=1)
    payee_bank_name: str = Field(default='ПАО "Сбербанк"', min_length=1)
    payee_bic: str = Field(default="040702615", min_length=1)
    payee_corresp_account: str = Field(default="30101810907020000615", min_length=1)

    # The outbox sender: messages a second overall (Telegram allows about 30: aim a little
    # below), how often it looks for due rows, tries per message, and one call's timeout.
    notify_rate_per_second: float = Field(default=29.5, gt=0)
    # Telegram's paid broadcasts (0.1 Star a message from the bot's balance): up to 1,000
    # messages a second instead of 30, for telling every customer something within minutes.
    notify_paid_broadcast: bool = False
    notify_poll_seconds: float = Field(default=1.0, gt=0)
    notify_max_attempts: int = Field(default=5, ge=1)
    notify_send_timeout_seconds: int = Field(default=10, ge=1)
    # How often the reminder scheduler looks at the calendar.
    reminders_interval_seconds: float = Field(default=60.0, gt=0)
    # A planned power cut is told this many hours before it starts, and again this many.
    outage_notice_hours_before: float = Field(default=24.0, gt=0)
    outage_reminder_hours_before: float = Field(default=2.0, gt=0)

    # The update inbox (bot/inbox): how long a worker holds an update it handles (renewed while
    # it runs; after a crash another worker takes it over then), how often stranded updates are
    # looked for, and how long handled ones are remembered against redelivery.
    inbox_lease_seconds: float = Field(default=30.0, gt=0)
    inbox_recovery_seconds: float = Field(default=5.0, gt=0)
    inbox_retention_hours: float = Field(default=48.0, gt=0)

    web_host: str = "127.0.0.1"
    web_port: int = 8080
    public_url: str = "http://127.0.0.1:8080"
    webhook_secret: SecretStr | None = None
    # The webhook answers once the update is handled, or after this long (it is kept by then).
    webhook_answer_seconds: float = Field(default=5.0, gt=0)

    @field_validator("staff_user_ids", mode="before")
    @classmethod
    def _ids_from_text(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(int(part) for part in value.replace(" ", "").split(",") if part)
        return value

    @model_validator(mode="after")
    def _rate_within_telegram_s_limit(self) -> Settings:
        limit = PAID_BROADCAST_LIMIT if self.notify_paid_broadcast else BROADCAST_LIMIT
        if self.notify_rate_per_second > limit:
            raise ValueError(
                f"NOTIFY_RATE_PER_SECOND may be {limit} at most"
                + ("" if self.notify_paid_broadcast else " (more with NOTIFY_PAID_BROADCAST)")
            )
        return self

    @model_validator(mode="after")
    def _window_in_order(self) -> Settings:
        if self.readings_window_start_day > self.readings_window_end_day:
            raise ValueError("READINGS_WINDOW_START_DAY must not be after READINGS_WINDOW_END_DAY")
        if self.payment_reminder_days_before >= self.payment_due_day:
            raise ValueError("PAYMENT_REMINDER_DAYS_BEFORE must be less than PAYMENT_DUE_DAY")
        ZoneInfo(self.timezone)  # an unknown zone fails here, at start-up, not at the first date
        return self

    @model_validator(mode="after")
    def _outage_notices_in_order(self) -> Settings:
        if self.outage_reminder_hours_before >= self.outage_notice_hours_before:
            raise ValueError(
                "OUTAGE_REMINDER_HOURS_BEFORE must be less than OUTAGE_NOTICE_HOURS_BEFORE"
            )
        return self

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)
