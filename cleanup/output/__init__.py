"""Formatters: turn a run's results into text or machine-readable output. No analysis happens here."""
