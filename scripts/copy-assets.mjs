// tsc compiles TypeScript only; the SQL migrations travel beside the compiled code that reads them.
import fs from 'node:fs';

fs.cpSync('src/db/migrations', 'dist/src/db/migrations', { recursive: true });
