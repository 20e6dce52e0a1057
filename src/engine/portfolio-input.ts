// A caller's portfolio ({symbol: units}) as the engine accepts it. The HTTP schema enforces the shape with the bounds
// declared here (src/http/schemas/request-schemas.ts); that every holding is a symbol of the loaded market is checked
// with the request's other symbols (src/engine/scan-request.ts).

/**
 * |units| bound for a holding. Far above any real book (a trillion units), and far below where the strategies' arithmetic
 * could overflow: value = units × price, and the risk and hedge strategies square values at most, so even a price of
 * 1e100 stays finite ((1e12 × 1e100)² ≈ 1e224 < 1.8e308). 1e308 units used to yield "buy Infinity …".
 */
export const MAX_PORTFOLIO_UNITS = 1e12;

/** Keys that name no symbol and would touch Object.prototype if a holding were ever assigned with `obj[key] = …`. */
export const FORBIDDEN_PORTFOLIO_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];
