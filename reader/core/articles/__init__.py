"""Stage 2, articles: a file's text -> an ``Article`` with its title, paragraphs, metadata and
the site furniture set aside."""
