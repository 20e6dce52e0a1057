// The client's types are the document's: src/client/openapi-types.ts must be exactly what openapi-typescript renders from
// the /openapi.json the service serves now. After changing a route or a schema, run `npm run client:types`.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CLIENT_TYPES_PATH, renderClientTypes, serviceDocument } from './support/client-types.js';

describe('src/client/openapi-types.ts', () => {
  it('matches the types generated from the served /openapi.json (regenerate with npm run client:types)', async () => {
    const expected = await renderClientTypes(await serviceDocument());
    expect(await readFile(CLIENT_TYPES_PATH, 'utf8')).toBe(expected);
  });
});
