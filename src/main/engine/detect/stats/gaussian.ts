// Tail probabilities of the standard normal, without allocation, for turning z-scores into
// surprise. erfc by the Numerical Recipes Chebyshev fit (fractional error < 1.2e-7 everywhere).

/** erfc(x) for any real x. */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** P(Z > z) for a standard normal Z. */
export function upperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/**
 * −ln P(Z > z), accurate far into the tail (where the probability underflows): for large z
 * the asymptotic z²/2 + ln(z·√(2π)) takes over.
 */
export function surprise(z: number): number {
  if (z < 6) return -Math.log(upperTail(z));
  return 0.5 * z * z + Math.log(z * Math.sqrt(2 * Math.PI));
}
