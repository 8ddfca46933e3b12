"""Gradient Explorer: see partial derivatives and gradient descent."""

__version__ = "0.1.0"
