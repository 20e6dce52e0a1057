// Set-up shared by every chunk of one strategy (aligned closes, return series, a Cholesky factor), kept per worker
// between chunks. The engine gives a worker several chunks of the same scan, and the unsplit `run` plans one chunk per
// unit of work, so without this each chunk would redo the same set-up (see docs in the strategies that use it).
//
// One entry per memo bounds the memory. The key is the identity of the inputs (the market's SymbolSeries objects, which
// are immutable and given to a worker once), never their content: a different market with the same symbols — another
// test, another engine in the same process — never hits. Only completed results are kept: null means "stopped".

export type LastInputMemo<R> = (inputs: readonly unknown[], compute: () => R | null) => R | null;

export function lastInputMemo<R>(): LastInputMemo<R> {
  let key: readonly unknown[] = [];
  let value: R | null = null;
  return function recall(inputs, compute) {
    if (value !== null && sameInputs(key, inputs)) return value;
    const computed = compute();
    if (computed !== null) {
      key = inputs.slice();
      value = computed;
    }
    return computed;
  };
}

function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
