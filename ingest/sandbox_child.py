"""Imported only by the parse forkserver (ingest/sandbox.py preloads it), never by the server itself.

multiprocessing prepares each child by re-importing the parent's __main__ (the server's or the CLI's
entry point, or a test runner): that would cost seconds per file and run a script's top level again.
A parse child needs nothing from __main__ (its target lives in ingest.sandbox), so in the forkserver,
and the children it forks, that preparation step is skipped.
"""
from multiprocessing import spawn


def _skip(*_args, **_kwargs) -> None:
    return None


spawn._fixup_main_from_name = _skip
spawn._fixup_main_from_path = _skip
