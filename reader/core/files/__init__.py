"""Stage 1, files: the paths named -> the article files, their bytes and their text."""
