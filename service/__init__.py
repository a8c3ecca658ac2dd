"""Slant: source-bias and framing comparison service."""
__version__ = "0.1.0"
