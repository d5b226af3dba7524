"""The library area: the main screen, the article list, and the dialogs opened from them."""
