"""The mojibake engine: wrong-codec chains, a plausibility model, and lossy recovery."""
