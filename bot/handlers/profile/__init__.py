"""«Профиль»: the overview and its dialogs (fields, password, e-mail, phone, accounts, notifications, leaving)."""
