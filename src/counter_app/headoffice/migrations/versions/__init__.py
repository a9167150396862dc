"""Revisions of the head-office schema."""
