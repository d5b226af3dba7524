"""Infrastructure: opening, stamping, recovering and closing the SQLite files reader keeps."""
