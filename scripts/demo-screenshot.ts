// Makes docs/demo.png, the README's picture of the demo: the emulator with the demo page (from
// dist/, so run `npm run build` first), a short chat in headless Chromium, a socket dropped with
// the panel's button while the bot speaks, then healed. Chromium: /usr/bin/chromium or CHROMIUM_PATH.
import path from 'node:path';
import { launchChromium, until } from './chromium';
// The built command line, as users run it.
const { main: startCli } = require('../dist/cli.cjs') as typeof import('../src/cli');

const out = path.resolve(process.argv[2] || path.join(__dirname, '..', 'docs', 'demo.png'));

async function main() {
  // The CLI serves the demo page; it prints its domain and secret, and no line per request (--quiet).
  const emulator = await startCli(['--port', '0', '--quiet']);
  if (!emulator) throw new Error('The emulator did not start');
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 760 }, deviceScaleFactor: 1 });
    await page.goto(emulator.domain.replace(/\/v3\/directline$/, '/'));
    const status = page.locator('#status');
    await until('Online', async () => (await status.textContent()) === 'Online');
    const box = page.locator('[data-id="webchat-sendbox-input"]');
    const say = async (text: string) => {
      await box.fill(text);
      await box.press('Enter');
      await page
        .locator('.webchat__text-content', { hasText: `echo: ${text}` })
        .first()
        .waitFor();
    };
    await say('Hello, bot!');
    const conversationId = await page.evaluate(
      () => (window as unknown as { demo: { session: { conversationId: string } } }).demo.session.conversationId,
    );
    await page.getByRole('button', { name: 'Drop the socket' }).click();
    await until('the drop', () => emulator.openSockets(conversationId) === 0);
    emulator.sendFromBot(conversationId, { type: 'message', text: 'I said this while your socket was down.' });
    await until(
      'the reconnect',
      async () => (await page.locator('#last-reconnect').textContent()) !== '–' && (await status.textContent()) === 'Online',
    );
    await page.locator('.webchat__text-content', { hasText: 'I said this while your socket was down.' }).first().waitFor();
    await say('Nothing lost?');
    await page.waitForTimeout(600);
    await page.screenshot({ path: out });
    process.stdout.write(`${out}\n`);
  } finally {
    await browser.close();
    await emulator.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo-screenshot: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
