"""sitegen: publish a newspaper page-text archive as a static, searchable website."""

__version__ = "0.1.0"
