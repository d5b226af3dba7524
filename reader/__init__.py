"""reader: a full-screen terminal article reader with offline machine translation."""

__version__ = "0.1.0"
