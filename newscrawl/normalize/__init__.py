"""Pure normalisers for bylines, timestamps, captions, URLs and text."""
