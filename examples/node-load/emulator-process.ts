import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as path from 'node:path';

/** An emulator running in a child process (its sockets and its CPU time are its own). */
export interface EmulatorProcess {
  domain: string;
  secret: string;
  stop(): Promise<void>;
}

/** Starts `directline-emulator --port 0` (the built one, under bin/) and reads its domain and secret. Gives up after `timeoutMs`. */
export function startEmulatorProcess(timeoutMs = 20000): Promise<EmulatorProcess> {
  const bin = path.resolve(__dirname, '../../bin/directline-emulator.cjs');
  const child: ChildProcess = spawn(process.execPath, [bin, '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    let out = '';
    const fail = (message: string) => {
      clearTimeout(timer);
      void stop();
      reject(new Error(message));
    };
    const timer = setTimeout(() => fail(`the emulator did not start within ${timeoutMs} ms`), timeoutMs);
    child.once('exit', (code) => fail(`the emulator exited (${code}) before it was ready; run npm run build first`));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const domain = /domain: (\S+)/.exec(out)?.[1];
      const secret = /secret: (\S+)/.exec(out)?.[1];
      if (domain && secret) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        child.stdout?.removeAllListeners('data');
        child.stdout?.resume();
        resolve({ domain, secret, stop });
      }
    });
  });
}
