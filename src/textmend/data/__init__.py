"""Data tables shipped with textmend, each with the script that built it."""
