'use strict';
/**
 * Forks a helper process, pinned to one CPU where the machine allows it (Linux `taskset`, two CPUs
 * or more): the throughput server on one CPU and the measured client on another, so that neither
 * takes the other's CPU in the middle of a run and the kernel does not move them around. Without
 * `taskset` (or with BENCH_PIN=0) it is a plain fork.
 */
const os = require('node:os');
const { fork, spawn, spawnSync } = require('node:child_process');

const canPin =
  process.env.BENCH_PIN !== '0' &&
  process.platform === 'linux' &&
  os.availableParallelism() >= 2 &&
  spawnSync('taskset', ['-c', '0', 'true']).status === 0;

/** Like `fork(file, args, options)`; on `cpu` (0-based) when pinning is possible. */
function forkOn(cpu, file, args = [], options = {}) {
  if (!canPin || cpu === undefined) return fork(file, args, options);
  const { execArgv = [], ...rest } = options;
  return spawn('taskset', ['-c', String(cpu), process.execPath, ...execArgv, file, ...args], rest);
}

module.exports = { forkOn, canPin };
