// Empties dist/ before the build that `npm pack` / `npm publish` run (prepack), so that no file of an
// older build (a renamed entry, a stale chunk) ships. `npm run build` does not empty it: engineers
// sharing a working tree would otherwise see dist/ vanish under a running test.
const fs = require('node:fs');
const path = require('node:path');

fs.rmSync(path.join(__dirname, '..', 'dist'), { recursive: true, force: true });
