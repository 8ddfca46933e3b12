"""Data files shipped with the app (installed as ``explorer.resources``).

Read them with ``importlib.resources.files("explorer.resources")``, never by path, so the
app works from a wheel in any working directory.
"""
