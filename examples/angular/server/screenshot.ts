// `npm run example:screenshot`: remakes docs/angular.png, the README's picture of the Angular
// example (built by `npm run example:build`): a short chat in headless Chromium, a socket dropped
// while the bot speaks, a post refused by the service (failed, with Retry), and a livestreamed
// answer growing under its informative line.
// Chromium: /usr/bin/chromium or CHROMIUM_PATH.
import { join, resolve } from 'node:path';
import { launchChromium, until } from '../../../scripts/chromium';
import { startEmulator } from 'directline-rx/emulator';
import { EXAMPLE_APPS, startExampleServer } from './example-server';

const out = resolve(process.argv[2] ?? join(__dirname, '..', '..', '..', 'docs', 'angular.png'));

async function main(): Promise<void> {
  const emulator = await startEmulator();
  const site = await startExampleServer(emulator, EXAMPLE_APPS);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 720, height: 600 }, deviceScaleFactor: 1 });
    await page.goto(`${site.origin}/`);
    const status = page.locator('.status');
    await until('online', async () => (await status.textContent()) === 'online');
    const conversationId: string = await page.evaluate(
      () => JSON.parse(sessionStorage.getItem('directline-rx.angular.chat') ?? '{}').state.session.conversationId,
    );
    const say = async (text: string, answer = `echo: ${text}`) => {
      await page.getByLabel('Message').fill(text);
      await page.getByRole('button', { name: 'Send' }).click();
      if (answer) await page.locator('.transcript .text', { hasText: answer }).first().waitFor();
    };
    await say('Hello, bot!');
    emulator.faults.delay('conversations/get', 500);
    emulator.faults.dropSocket(conversationId);
    await until('reconnecting', async () => (await status.textContent()) === 'reconnecting');
    emulator.sendFromBot(conversationId, { type: 'message', text: 'I said this while your socket was down.' });
    emulator.faults.delay('conversations/get', 0);
    await until('online again', async () => (await status.textContent()) === 'online');
    await say('Nothing lost?');
    emulator.faults.failNext('activities/post', 1, 500, { code: 'ServiceError' });
    await say('This one fails once', '');
    await page.locator('.transcript .retry').waitFor();
    await say('stream Once upon a time there was a chat that never lost a message', '');
    await until(
      'the answer half streamed',
      async () => ((await page.locator('li.streaming .text').textContent()) ?? '').split(' ').length >= 6,
    );
    await page.screenshot({ path: out });
    process.stdout.write(`${out}\n`);
  } finally {
    await browser.close();
    await site.close();
    await emulator.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`example-screenshot: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
