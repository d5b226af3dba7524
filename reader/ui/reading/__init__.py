"""The reading area: the reading pane (original or English) and the translation pane."""
