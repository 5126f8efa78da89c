"""The cabinet's users: registration, sign-in, one-time codes by mail, profile, deletion."""
