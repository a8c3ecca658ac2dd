"""Slant: source-bias and framing comparison service."""
__version__ = "0.1.0"


def create_app(config=None):
    """The WSGI application (`gunicorn "service:create_app()"`); see `service.api`."""
    from .api import create_app as _create_app

    return _create_app(config)
