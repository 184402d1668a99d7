"""The demo outlet (The Harbour Courier): its stories, pages, config and HTTP server."""
