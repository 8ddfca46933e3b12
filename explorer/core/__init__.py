"""The explorer's core: numpy and sympy only, never Qt or OpenGL.

Its public functions are the app's scripting interface (see ``explorer.cli``).
"""

from .calculus import Function, TermDerivative, function_from_text
from .expression import ParseError, parse_function

__all__ = ["Function", "TermDerivative", "function_from_text", "ParseError", "parse_function"]
