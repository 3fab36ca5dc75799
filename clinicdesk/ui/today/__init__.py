"""The Today area: the start screen."""
