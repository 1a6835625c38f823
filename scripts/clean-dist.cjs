// Empties dist/ before a build, so that no file of an older build (a renamed entry, a stale chunk) ships.
const fs = require('node:fs');
const path = require('node:path');

fs.rmSync(path.join(__dirname, '..', 'dist'), { recursive: true, force: true });
