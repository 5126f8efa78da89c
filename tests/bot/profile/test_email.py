"""«Изменить e-mail»: the new address is confirmed by the code mailed to it."""

from __future__ import annotations

from tests.bot.kit import BotWorld
from tests.bot.signed_in import open_profile, signed_in_customer


async def test_the_e_mail_changes_once_the_mailed_code_is_written_back(world: BotWorld) -> None:
    anna = await signed_in_customer(world)
    client = anna.client
    await open_profile(anna)
    await client.click("✉️ Изменить e-mail")
    await client.expect_edit(contains="Напишите новый адрес")

    await client.send("anna@")
    assert "не похоже на адрес электронной почты" in (await client.expect_message()).text
    await client.send("Anna@Example.ru")
    await client.expect_message(contains="Мы отправили код на anna@example.ru")
    code = await world.code_mailed_to("anna@example.ru")
    await client.send("000000" if code != "000000" else "111111")
    assert "Код не подходит" in (await client.expect_message()).text
    await client.send(code)

    await client.expect_message(contains="✅ E-mail для входа изменён: anna@example.ru")
    signed_in = await world.cabinet.users.by_telegram(client.id)
    assert signed_in is not None
    assert signed_in.email == "anna@example.ru" and signed_in.email_verified


async def test_an_address_of_another_cabinet_is_refused(world: BotWorld) -> None:
    boris = await signed_in_customer(world, phone="+79280000001", first_name="Борис")
    await world.cabinet.users.request_email_change(boris.user.id, "boris@example.ru")
    code = await world.code_mailed_to("boris@example.ru")
    await world.cabinet.users.confirm_email_change(boris.user.id, "boris@example.ru", code)
    anna = await signed_in_customer(world)
    client = anna.client
    await open_profile(anna)
    await client.click("✉️ Изменить e-mail")
    await client.expect_edit(contains="Напишите новый адрес")

    await client.send("boris@example.ru")

    assert "уже используется в другом личном кабинете" in (await client.expect_message()).text
    signed_in = await world.cabinet.users.by_telegram(client.id)
    assert signed_in is not None and signed_in.email is None
