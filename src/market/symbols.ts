// Symbol names and starting prices for the synthetic universe: familiar crypto pairs first, numbered ones beyond them.

const KNOWN: ReadonlyArray<readonly [string, number]> = [
  ['BTC-USD', 62_000], ['ETH-USD', 3_100], ['SOL-USD', 145], ['BNB-USD', 560], ['XRP-USD', 0.52], ['ADA-USD', 0.45],
  ['DOGE-USD', 0.12], ['AVAX-USD', 28], ['DOT-USD', 6.2], ['LINK-USD', 14], ['LTC-USD', 72], ['ATOM-USD', 7.1],
  ['UNI-USD', 8.3], ['ETC-USD', 23], ['XLM-USD', 0.1], ['NEAR-USD', 5.4], ['APT-USD', 7.8], ['ARB-USD', 0.85],
  ['OP-USD', 1.7], ['FIL-USD', 4.6], ['ICP-USD', 9.2], ['HBAR-USD', 0.07], ['AAVE-USD', 95], ['ALGO-USD', 0.15],
  ['SAND-USD', 0.32], ['MANA-USD', 0.34], ['XTZ-USD', 0.75], ['EOS-USD', 0.62], ['INJ-USD', 22], ['SUI-USD', 1.1],
  ['TIA-USD', 6.5], ['SEI-USD', 0.35],
];

export interface SymbolSpec {
  symbol: string;
  startPrice: number;
}

/** The first `count` symbols of the synthetic universe, in a fixed order. */
export function syntheticSymbols(count: number): SymbolSpec[] {
  return Array.from({ length: count }, (_, i) => {
    const known = KNOWN[i];
    if (known) return { symbol: known[0], startPrice: known[1] };
    // Deterministic spread of price levels for the numbered tail (no randomness needed).
    return { symbol: `SYN${String(i + 1).padStart(3, '0')}-USD`, startPrice: Number((2 + ((i * 37) % 97) * 1.3).toFixed(2)) };
  });
}
