/**
 * The terminal chat's command line.
 *
 *   npx tsx examples/node-chat/main.ts                       # against an emulator started here (echo bot)
 *   DIRECT_LINE_SECRET=… npx tsx examples/node-chat/main.ts  # against a real bot's Direct Line channel
 *   npx tsx examples/node-chat/main.ts --domain http://127.0.0.1:3000/v3/directline --secret …
 */
import { parseArgs } from 'node:util';
import { runMain } from '../cli/run-main';
import { startEmulator } from 'directline-rx/emulator';
import type { Emulator } from 'directline-rx/emulator';
import type { ConnectOptions } from 'directline-rx/node';
import { runChat } from './chat';
import type { ExitCode } from './chat';

/** Parses the arguments, starts an emulator when no service is given, and runs the chat. */
export async function main(argv: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): Promise<ExitCode> {
  const { values } = parseArgs({
    args: argv,
    options: {
      domain: { type: 'string' },
      secret: { type: 'string' },
      token: { type: 'string' },
      user: { type: 'string', default: `user-${process.pid}` },
      polling: { type: 'boolean', default: false },
    },
  });
  const secret = values.secret ?? env.DIRECT_LINE_SECRET;
  const token = values.token ?? env.DIRECT_LINE_TOKEN;
  let emulator: Emulator | undefined;
  const connection: ConnectOptions = { user: { id: values.user as string, name: values.user }, webSocket: !values.polling };
  if (secret || token) {
    Object.assign(connection, { secret, token, domain: values.domain ?? env.DIRECT_LINE_DOMAIN });
  } else {
    emulator = await startEmulator({ port: 0, host: '127.0.0.1' });
    Object.assign(connection, { domain: emulator.domain, secret: emulator.secret });
    process.stdout.write(`* no secret given: chatting with the emulator's echo bot at ${emulator.domain}\n`);
  }
  try {
    return await runChat({ connection });
  } finally {
    await emulator?.close();
  }
}

if (require.main === module) runMain(() => main());
