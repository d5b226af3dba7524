"""The models area: installed translation models, and installing one from a file."""
