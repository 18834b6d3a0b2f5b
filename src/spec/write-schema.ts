/** Refreshes schemas/aftermath.shot-1.json: `node --import tsx src/spec/write-schema.ts`. */
import { writeJsonSchemaFile } from './json-schema.js';

const written = await writeJsonSchemaFile();
console.log(`wrote ${written}`);
