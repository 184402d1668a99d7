"""Search side of presswatch: query parsing, searching, highlights, exports and the CLI."""
