"""The connection to the cluster's Redis: URL and password from config or environment, never
shown with the password, and one clear error when Redis or its Python packages are missing."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from crawler.config import ClusterConfig

if TYPE_CHECKING:
    from redis import Redis

URL_ENV = "PRESSWATCH_REDIS_URL"
PASSWORD_ENV = "PRESSWATCH_REDIS_PASSWORD"
INSTALL_HINT = "install them with: pip install 'presswatch[cluster]'"


class ClusterError(RuntimeError):
    """Redis cannot be used (unreachable, refused, packages missing): one line for the user."""


def redis_url(cluster: ClusterConfig) -> str:
    """The URL to connect to: PRESSWATCH_REDIS_URL over [cluster] redis_url."""
    return os.environ.get(URL_ENV) or cluster.redis_url


def shown_url(url: str) -> str:
    """The URL without its password (user names are kept), for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return urlunsplit(parts._replace(netloc=f"{user}{host}{port}"))


def require_packages() -> None:
    """ClusterError naming the install command when `redis` or `rq` is not installed."""
    missing = []
    for name in ("redis", "rq"):
        try:
            __import__(name)
        except ImportError:
            missing.append(name)
    if missing:
        raise ClusterError(f"the cluster commands need {' and '.join(missing)}; {INSTALL_HINT}")


def connect(cluster: ClusterConfig) -> Redis:
    """A checked connection to the cluster's Redis, or ClusterError saying what to do."""
    require_packages()
    from redis import Redis
    from redis.exceptions import RedisError

    url = redis_url(cluster)
    password = os.environ.get(PASSWORD_ENV) or None
    try:
        connection = Redis.from_url(url, socket_connect_timeout=5, health_check_interval=30)
        if password and not urlsplit(url).password:
            connection.connection_pool.connection_kwargs["password"] = password
        connection.ping()
    except (RedisError, ValueError, OSError) as exc:
        raise ClusterError(
            f"cannot reach Redis at {shown_url(url)} ({type(exc).__name__}: "
            f"{_without(str(exc), urlsplit(url).password or password)}); start redis-server "
            f"there, or set [cluster] redis_url / {URL_ENV} (password: {PASSWORD_ENV})"
        ) from exc
    return connection


def _without(text: str, secret: str | None) -> str:
    return text.replace(secret, "***") if secret else text
