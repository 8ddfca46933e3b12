"""Powers as a lesson of real numbers reads them, where sympy's complex-valued defaults
would say "undefined" or "nan" for a value that is plain to a student.

- ``cbrt(x)`` is the *real* cube root: cbrt(−8) = −2, and its derivative 1/(3·cbrt(x)²)
  at −8 is 1/12.  sympy's own ``cbrt`` is the principal root x^(1/3), complex for x < 0.
- ``0^u`` for an exponent u that varies is 0 where u > 0 and undefined elsewhere (0 to a
  negative power divides by zero; 0⁰ has no limit along u): a Piecewise with that one
  piece, so its derivative is 0 where u > 0 and undefined where 0^u is.  sympy's
  ``0**x`` differentiates to 0**x·ln(0), which is nan everywhere.

Both evaluate in plain floats, numpy and mpmath alike (``lambdify`` takes ``cbrt``'s own
implementation, whatever module it prints for).
"""

from __future__ import annotations

import math

import numpy as np
import sympy

__all__ = ["cbrt", "zero_to_the"]


def _real_cbrt(value):
    """The real cube root of a float, a numpy array or an mpmath number."""
    if isinstance(value, (float, int)):
        return math.cbrt(value)
    if isinstance(value, (np.ndarray, np.generic)):
        return np.cbrt(value)
    import mpmath

    if isinstance(value, mpmath.mpf):
        return mpmath.sign(value) * mpmath.cbrt(abs(value))
    return np.cbrt(value)  # anything else numpy takes (a complex off the domain gives nan)


class cbrt(sympy.Function):  # noqa: N801 - named as the student types it and as printed code calls it
    """The real cube root: cbrt(−8) = −2, cbrt(x³) = x (x real)."""

    nargs = 1
    _imp_ = staticmethod(_real_cbrt)  # what lambdify calls, for every module

    @classmethod
    def eval(cls, arg):
        if arg.is_Number:
            return sympy.real_root(arg, 3)
        if arg.is_Pow and arg.exp == 3 and arg.base.is_extended_real:
            return arg.base
        if arg.could_extract_minus_sign():
            return -cls(-arg)
        return None

    def fdiff(self, argindex=1):
        return 1 / (3 * cbrt(self.args[0]) ** 2)

    def _eval_is_extended_real(self):
        return self.args[0].is_extended_real

    def _eval_is_positive(self):
        return self.args[0].is_extended_positive

    def _eval_is_negative(self):
        return self.args[0].is_extended_negative

    def _eval_is_zero(self):
        return self.args[0].is_zero


def zero_to_the(exponent: sympy.Expr) -> sympy.Expr:
    """0^exponent: 0 where the exponent is positive, no value elsewhere (see the module)."""
    return sympy.Piecewise((sympy.Integer(0), exponent > 0))
