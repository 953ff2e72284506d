"""Django's file-based cache, with an ``add()`` atomic across this machine's processes.

Django's add() checks for the key, then writes it: two racing requests could both pass a flood limit.
"""

import fcntl
import os

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache as DjangoFileBasedCache


class FileBasedCache(DjangoFileBasedCache):
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._createdir()
        with open(os.path.join(self._dir, "add.lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
            return super().add(key, value, timeout, version)
