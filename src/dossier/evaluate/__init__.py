"""Scoring dossier against human-annotated gold data."""
