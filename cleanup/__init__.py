"""cleanup: checks translation quality and cleans up English news text."""

__version__ = "0.1.0"
