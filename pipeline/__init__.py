"""Publish an open letter in many languages through gettext catalogs.

The flow is source → template → catalogs → editions; each stage is one module
(``source``, ``extract``, ``merge``, ``catalogs``, ``render``, ``build``) over the
model in ``model``, and ``cli`` is the thin ``letter`` command on top.
"""
