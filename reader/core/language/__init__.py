"""Stage 3, language: the language of an article and of each of its paragraphs."""
