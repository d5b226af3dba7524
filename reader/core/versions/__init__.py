"""Stage 6, versions: which articles tell the same story across languages, aligned paragraph by
paragraph."""
