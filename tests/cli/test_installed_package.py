"""The wheel carries everything it needs: installed into a new environment in an empty folder, with
no checkout around it, the emulator serves the Bot API and the web chat, and the bot serves its
consent page.

The new environment takes the project's dependencies from the test run's own environment (a path
line, so that no download is needed), but the project itself only from the wheel: the test checks
where the packages were imported from.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import aiohttp
import pytest

from emulator.config import DEFAULT_TOKEN
from emulator.kit.ports import free_port
from tests.cli.processes import clean_env, run_to_end, running

CHECKOUT = Path(__file__).resolve().parents[2]
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "var", "build", "dist", "*.egg-info", "__pycache__", ".*_cache",
    ".hypothesis", "test-artifacts",
)  # fmt: skip


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment with the wheel built from a copy of the checkout; its bin/."""
    root = tmp_path_factory.mktemp("installed")
    source = root / "source"
    shutil.copytree(CHECKOUT, source, ignore=NOT_SOURCE)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    wheels = root / "wheels"
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", wheels, source], check=True
    )
    (wheel,) = wheels.glob("cabinet_bot-*.whl")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    python = venv / "bin" / "python"
    subprocess.run([*pip, "--python", python, "install", "--no-deps", wheel], check=True)
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(site) / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv / "bin"


@pytest.fixture
def empty_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


async def test_the_project_is_imported_from_the_wheel(installed: Path, empty_folder: Path) -> None:
    ended = await run_to_end(
        [
            str(installed / "python"),
            "-c",
            "import bot, cli, core, emulator, storage; print(emulator)",
        ],
        empty_folder,
        clean_env(),
    )
    assert ended.returncode == 0, ended.output
    assert str(installed.parent) in ended.output and str(CHECKOUT) not in ended.output


async def test_the_installed_emulator_answers_get_me_and_serves_the_web_chat(
    installed: Path, empty_folder: Path
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [installed / "cabinet", "emulator", "--port", str(port), "--smtp-port", "0"]
    async with (
        running([str(part) for part in command], empty_folder, clean_env(), "Web chat:"),
        aiohttp.ClientSession() as http,
    ):
        async with http.get(f"{base}/bot{DEFAULT_TOKEN}/getMe") as response:
            me = await response.json()
        async with http.get(f"{base}/") as response:
            page = await response.text()
    assert me["ok"] and me["result"]["is_bot"]
    assert response.status == 200 and "<html" in page.lower()


async def test_the_installed_bot_serves_its_consent_page(
    installed: Path, empty_folder: Path
) -> None:
    emulator_port, web_port = free_port(), free_port()
    settings = clean_env(
        DATABASE_URL=f"sqlite+aiosqlite:///{empty_folder}/cabinet.db",
        BOT_TOKEN=DEFAULT_TOKEN,
        TELEGRAM_API_URL=f"http://127.0.0.1:{emulator_port}",
        WEB_PORT=str(web_port),
        SMTP_PORT="0",
    )
    migrated = await run_to_end(
        [str(installed / "cabinet"), "db", "upgrade"], empty_folder, settings
    )
    assert migrated.returncode == 0, migrated.output
    emulator = [str(installed / "cabinet"), "emulator", "--port", str(emulator_port)]
    async with (
        running(emulator, empty_folder, settings, "Web chat:"),
        running([str(installed / "cabinet"), "run"], empty_folder, settings, "web app listening"),
        aiohttp.ClientSession() as http,
        http.get(f"http://127.0.0.1:{web_port}/consent") as response,
    ):
        page = await response.text()
    assert response.status == 200
    assert "<h1>Согласие на обработку персональных данных" in page
