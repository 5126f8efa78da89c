"""Normalisers and validators of what people type: phones, e-mails, names, dates, postal codes.

Each takes the raw text and returns the canonical value or raises a `ValidationError`.
"""
