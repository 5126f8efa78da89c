"""Repositories: queries over one session. They never commit; services do, through the UoW."""
