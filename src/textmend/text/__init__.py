"""The shared text layer: character classes, frequency tiers, the encodings and the language model
that decode/ and mojibake/ both stand on."""
