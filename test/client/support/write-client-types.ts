// `npm run client:types`: regenerates src/client/openapi-types.ts from the service's /openapi.json.
import { writeFile } from 'node:fs/promises';
import { CLIENT_TYPES_PATH, renderClientTypes, serviceDocument } from './client-types.js';

await writeFile(CLIENT_TYPES_PATH, await renderClientTypes(await serviceDocument()));
process.stdout.write(`wrote ${CLIENT_TYPES_PATH}\n`);
