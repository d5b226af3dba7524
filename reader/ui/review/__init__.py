"""The review area: approving and post-editing a translation paragraph by paragraph."""
