"""Outage alerts by address: planned and emergency power cuts, matched to the accounts at their
addresses, told to those accounts' customers through the outbox."""
