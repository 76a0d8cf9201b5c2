"""Question answering over the Jiaxing Municipal Government Work Report (2019)."""

__version__ = "0.1.0"
