"""Requests for quote, quotes, orders and lots: the front shop → back factory flow."""
