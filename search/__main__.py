"""`python -m search` runs the presswatch command."""

from search.cli import main

main()
