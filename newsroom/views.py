from django.http import HttpResponse


def bench_floor(request):
    """A constant response through the whole middleware stack: the framework's floor.

    Served only when settings.BENCH_FLOOR is on (bench/bench.py turns it on).
    """
    return HttpResponse(b"floor", content_type="text/plain")
