/**
 * The load example's command line: N conversations in this process against an emulator (started
 * in a child process) or the service given, with a progress bar, then the report.
 *
 *   npm run build && npx tsx examples/node-load/main.ts [--conversations 1000] [--messages 10]
 *     [--concurrency 50] [--timeout 120] [--domain URL --secret S]
 *
 * Exits 0 when nothing was lost, repeated or out of order, 1 otherwise.
 */
import { parseArgs } from 'node:util';
import { runMain } from '../cli/run-main';
import { Presets, SingleBar } from 'cli-progress';
import { startEmulatorProcess } from './emulator-process';
import type { EmulatorProcess } from './emulator-process';
import { runLoad } from './load';
import { formatReport, isClean } from './report';

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive whole number`);
  return n;
}

/** Parses the arguments, runs the load, prints the report; resolves with the exit code. */
export async function main(argv: string[] = process.argv.slice(2), out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      conversations: { type: 'string', short: 'n' },
      messages: { type: 'string', short: 'm' },
      concurrency: { type: 'string' },
      timeout: { type: 'string' },
      domain: { type: 'string' },
      secret: { type: 'string' },
      progress: { type: 'boolean', default: true },
    },
    allowNegative: true,
  });
  const conversations = positive('conversations', values.conversations, 1000);
  const messages = positive('messages', values.messages, 10);
  let emulator: EmulatorProcess | undefined;
  const service = values.domain
    ? { domain: values.domain, secret: values.secret ?? process.env.DIRECT_LINE_SECRET }
    : (emulator = await startEmulatorProcess());
  out.write(`${conversations} conversations × ${messages} messages against ${service.domain}\n`);
  const bar = new SingleBar(
    { format: '{bar} {percentage}% | {value}/{total} deliveries | {online} online', hideCursor: true },
    Presets.shades_classic,
  );
  if (values.progress) bar.start(2 * conversations * messages, 0, { online: 0 });
  try {
    const report = await runLoad({
      ...service,
      conversations,
      messages,
      concurrency: positive('concurrency', values.concurrency, 50),
      timeoutMs: positive('timeout', values.timeout, 120) * 1000,
      onProgress: ({ online, received }) => values.progress && bar.update(received, { online }),
    });
    if (values.progress) bar.stop();
    out.write(`${formatReport(report)}\n`);
    return isClean(report) ? 0 : 1;
  } finally {
    if (values.progress) bar.stop();
    await emulator?.stop();
  }
}

if (require.main === module) runMain(() => main());
