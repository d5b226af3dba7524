"""Stage 7, review: approving and post-editing a machine translation, kept safe in SQLite, and
exported in the formats translators use."""
