/**
 * Tolerance for comparisons that floating point would otherwise get wrong by one ulp: ten
 * request-earned tenths of a retry token must buy a retry (0.1 added ten times is
 * 0.9999999999999999), a rate limiter's refill computed as rate × elapsed must buy the token it
 * arithmetically should, and a utilization exactly on an autoscaler's target (2 × 0.6 / 0.6 is
 * 2.0000000000000004) must not ask for one more instance.
 */
export const EPS = 1e-9;
