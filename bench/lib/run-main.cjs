'use strict';
/**
 * Runs a benchmark's main(): its result goes to the file named by BENCH_RESULT_FILE (when
 * bench/run.cjs started it) or to stdout as JSON; a failure exits 1.
 */
const fs = require('node:fs');

function runMain(main) {
  main().then(
    (result) => {
      if (process.env.BENCH_RESULT_FILE) fs.writeFileSync(process.env.BENCH_RESULT_FILE, JSON.stringify(result));
      else console.log(JSON.stringify(result, null, 2));
      process.exit(0);
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}

module.exports = { runMain };
