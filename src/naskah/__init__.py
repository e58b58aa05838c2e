"""naskah: a reproducible thesis pipeline for qualitative interview studies."""

__version__ = "0.1.0"
