"""Vigil ingestion: fetching, feed and API parsing, article extraction, de-duplication and the Prefect flows."""
