"""The comparing area: an article beside its translation, or beside its other versions."""
