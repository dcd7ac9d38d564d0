# Python loads this at start-up from PYTHONPATH, which it/Moto.java sets for the moto_server it starts. It makes the
# emulator answer sooner, answering exactly as before: on every request moto 5 works out again two things that
# cannot change while it runs, and here each is worked out once.
#  - which services it has: a listing of its own package directory, about 200 stat calls per request;
#  - which actions a service's response class has: inspect.getmembers over the class, on every call.
# If moto no longer has either function, nothing is changed.
import functools
import importlib.util
import os
import sys

try:
    import moto.backends as _backends

    if callable(getattr(_backends, "list_of_moto_modules", None)):
        _modules = tuple(_backends.list_of_moto_modules())
        _backends.list_of_moto_modules = lambda: _modules

    import moto.core.responses as _responses

    if callable(getattr(_responses, "method_names_from_class", None)):
        _responses.method_names_from_class = functools.lru_cache(maxsize=None)(_responses.method_names_from_class)
except Exception:  # an emulator without these parts runs unchanged
    pass

# A sitecustomize this one hides (later on sys.path) still runs.
_here = os.path.dirname(os.path.abspath(__file__))
for _entry in sys.path:
    _candidate = os.path.join(_entry or os.curdir, "sitecustomize.py")
    if os.path.abspath(os.path.dirname(_candidate)) != _here and os.path.isfile(_candidate):
        _spec = importlib.util.spec_from_file_location("_hidden_sitecustomize", _candidate)
        _spec.loader.exec_module(importlib.util.module_from_spec(_spec))
        break
