"""Django's file-based cache, with an ``add()`` atomic across this machine's processes.

The default cache without Redis (settings.py). Django's ``add()`` checks for
the key, then writes it: two requests racing each other can both pass, so a
flood limit (comments/moderation.py) let two replies through where Redis lets
one. Here ``add()`` holds an exclusive lock on a file of the cache folder.
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
