"""Files on disk: reading, walking folders, atomic writes, and streaming of large files."""
