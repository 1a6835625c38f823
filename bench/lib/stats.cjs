'use strict';
/** Small helpers shared by the benchmarks: arguments, percentiles, spreads, timing. */

/** `--name value` from the command line as a number, or `fallback`. */
function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? Number(process.argv[i + 1]) : fallback;
}

/** `--name` present on the command line. */
function flag(name) {
  return process.argv.includes(`--${name}`);
}

/** The nearest-rank percentile p (0–100). */
function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Median, p95, min and max of repeated measurements. */
function spread(values) {
  return {
    n: values.length,
    median: percentile(values, 50),
    p95: percentile(values, 95),
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

const now = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves `promise`, or rejects after `ms` with `message`. */
function within(ms, promise, message) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

/** Full garbage collection, several passes (needs --expose-gc). */
async function settleHeap() {
  for (let i = 0; i < 4; i++) {
    global.gc();
    await sleep(20);
  }
  return process.memoryUsage().heapUsed;
}

module.exports = { arg, flag, percentile, spread, now, sleep, within, settleHeap };
