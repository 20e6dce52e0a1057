// Raised when market data cannot be loaded. Carries a stable code and, for CSV input, the file and line at fault, so
// start-up can report exactly what to fix; nothing of a failed load is kept.

export class MarketDataError extends Error {
  readonly code = 'MARKET_DATA_INVALID';
  readonly file: string | undefined;
  readonly line: number | undefined;

  constructor(message: string, location: { file?: string; line?: number } = {}) {
    const where = location.file ? `${location.file}${location.line === undefined ? '' : `:${location.line}`}: ` : '';
    super(`${where}${message}`);
    this.name = 'MarketDataError';
    this.file = location.file;
    this.line = location.line;
  }
}
