// The typed client's types (src/client/openapi-types.ts) are generated from the service's own GET /openapi.json with
// openapi-typescript. This module renders them; `npm run client:types` writes the file and test/client/openapi-types.test.ts
// fails when the committed file differs from what the current document renders.
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { createHarness } from '../../http/support/harness.js';

export const CLIENT_TYPES_PATH = fileURLToPath(new URL('../../../src/client/openapi-types.ts', import.meta.url));

const HEADER = `// Generated from GET /openapi.json by \`npm run client:types\` (test/client/support/client-types.ts): do not edit.
// test/client/openapi-types.test.ts fails when this file differs from the document the service serves.
`;

/** The document as the service serves it (dev mode, the visualizer's routes mounted): every route a client may call. */
export async function serviceDocument(): Promise<OpenAPI3> {
  const h = createHarness({ SCANNER_THREADS: '1', SCANNER_CALIBRATION: 'off' }, { traces: true });
  try {
    const res = await h.app.request('/openapi.json');
    return (await res.json()) as OpenAPI3;
  } finally {
    await h.close();
  }
}

/** The TypeScript source of src/client/openapi-types.ts for `doc`. */
export async function renderClientTypes(doc: OpenAPI3): Promise<string> {
  // The document's own types, exactly: no `| undefined` widening, no extra index signatures.
  const ast = await openapiTS(doc, { alphabetize: false });
  return `${HEADER}${astToString(ast)}`;
}
