// `npm run example:angular`: the emulator (its echo bot, which livestreams its answer to a message
// starting with "stream") and the built Angular and NgRx examples,
// served on 127.0.0.1 with their token backend. Options: --port <n> (default 4200).
import { startEmulator } from 'directline-rx/emulator';
import { EXAMPLE_APPS, startExampleServer } from './example-server';

async function main(argv: string[]): Promise<void> {
  const at = argv.indexOf('--port');
  const port = at >= 0 ? Number(argv[at + 1]) : 4200;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port takes a port number');
  const emulator = await startEmulator({ keepAliveMs: 5000 });
  const site = await startExampleServer(emulator, EXAMPLE_APPS, port).catch(async (error: unknown) => {
    await emulator.close();
    throw error;
  });
  process.stdout.write(
    [
      `Direct Line emulator (echo bot; start a message with "stream" for a livestreamed answer): ${emulator.domain}`,
      `Angular (signals):  ${site.origin}/`,
      `NgRx (store):       ${site.origin}/ngrx/`,
      'Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  const stop = (): void => {
    Promise.all([site.close(), emulator.close()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
