"""Search index side of presswatch: text analysis, the Whoosh schema and the index itself."""
