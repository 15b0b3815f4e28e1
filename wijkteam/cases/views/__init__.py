"""Staff pages for cases, one module per part of the work."""
