"""The speed benchmark of ``letter`` against gettext, translate-toolkit, mdpo and Babel: ``make bench``."""
