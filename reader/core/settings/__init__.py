"""Infrastructure: where reader keeps things (``paths``), what the user set (``config``) and
what reader remembers between runs (``state``)."""
