"""The domain: files -> articles -> language -> translation -> review. Never imports Textual."""
