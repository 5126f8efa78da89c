"""Meters and readings: parsing what people type, the rules a reading must pass, submission."""
