"""Slant: source-bias and framing comparison service."""
__version__ = "0.1.0"


def create_app(config=None):
    """The WSGI application (`gunicorn "service:create_app()"`); see `service.api`."""
    import sys

    from .api import create_app as _create_app

    app = _create_app(config)
    if "gunicorn" in sys.modules:
        _freeze_heap()
    return app


def _freeze_heap() -> None:
    """Move everything loaded at start-up (lexicons, matchers, VADER, textstat's CMU
    dictionary, reference models: ~330,000 tracked objects) out of the garbage collector's
    reach. Without this, every full collection walks them all — a 95–120 ms pause in the
    middle of a request, every few hundred requests — and, after gunicorn forks its workers,
    touches their pages so copy-on-write unshares them. Only done when serving under
    gunicorn: a test process that builds many apps keeps the usual collector."""
    import gc

    gc.collect()
    gc.freeze()
