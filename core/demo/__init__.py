"""Realistic demo data for Stavropol Krai, loaded through the billing exchange's own importer."""
