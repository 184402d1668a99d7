"""Same as `python -m crawler.bench_extract`: presswatch's extractor beside trafilatura."""

import sys

from crawler.bench_extract import main

if __name__ == "__main__":
    sys.exit(main())
