"""Saved searches ([[watch]] in the config) delivering new matches to a file, a feed or a command.

Delivery state lives in the store (``watch_delivered``, ``watch_batches``).  Files (JSON
Lines, Atom) get each match exactly once: the new file is written beside the target and
synced, the batch and its articles are committed as 'staged', the file is renamed over the
target, and the batch is marked done.  A run killed after the commit finishes the rename
on the next run (the staged file is complete); one killed before it leaves no record, so
the matches are delivered again as new.  Commands get each match at least once: the batch
is committed as 'sending' before the command runs and marked done when it exits 0; a
batch left 'sending' by a kill is sent again, and a failed one is forgotten so its
matches come again.  Every item carries ``delivery_id`` (watch:article id) so a receiver
can drop repeats.  An interrupted batch only ever goes to the target configured now (never
to the command stored with it); when the watch's output changed since, its matches are
delivered as new ones to the new target (see ``recover``); the batches of a watch
removed from the config are never sent anywhere.  Text and attributes written to
an Atom feed lose the characters XML 1.0 forbids, and an existing feed that does not parse
is set aside as ``<name>.damaged-<time>`` with a warning, never silently replaced.
"""

from search.watch.config import Watch, WatchConfigError, load_watches
from search.watch.deliver import record, write_synced
from search.watch.items import ATOM, item_json
from search.watch.run import WatchResult, WatchSummary, new_matches, run_watch, run_watches

__all__ = [
    "ATOM",
    "Watch",
    "WatchConfigError",
    "WatchResult",
    "WatchSummary",
    "item_json",
    "load_watches",
    "new_matches",
    "record",
    "run_watch",
    "run_watches",
    "write_synced",
]
