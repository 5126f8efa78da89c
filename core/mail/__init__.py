"""Outgoing mail: the `Mailer` protocol, its SMTP implementation and the cabinet's letters."""
