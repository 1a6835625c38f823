import {
  conversationIdOf,
  demoPages,
  figures,
  renderedCounts,
  renderedTexts,
  screenshot,
  sendText,
  storedMessages,
  until,
  untilRendered,
  type DemoSite,
} from './harness';

/** Every text once and only once; and Web Chat renders exactly the messages the emulator stored. */
async function expectEachOnce(page: import('playwright-core').Page, site: DemoSite, texts: string[]): Promise<void> {
  expect(await renderedCounts(page, texts)).toEqual(Object.fromEntries(texts.map((t) => [t, 1])));
  const stored = storedMessages(site.emulator, await conversationIdOf(page));
  const rendered = await renderedTexts(page);
  expect(rendered).toHaveLength(stored.length);
  const panel = await figures(page);
  expect(panel.deliveredDuplicates).toBe(0);
  expect(new Set(panel.deliveredIds)).toEqual(new Set(site.emulator.activities(await conversationIdOf(page)).map((a) => a.id)));
}

describe('the demo page in Chromium (Web Chat over createDirectLine, the emulator on another origin)', () => {
  const demo = demoPages();

  test('Web Chat renders the bot reply and the panel shows Online with one socket', async () => {
    const page = await demo.open();
    expect(await page.locator('#client-name').textContent()).toBe('directline-rx');
    await sendText(page, 'hello');
    await untilRendered(page, ['hello', 'echo: hello']);
    await until('one open socket on the panel', async () => (await page.locator('#open-sockets').textContent()) === '1');
    expect(await page.locator('#status').textContent()).toBe('Online');
    await until('the watermark on the panel', async () => (await page.locator('#watermark').textContent()) !== '–');
    await expectEachOnce(page, demo.site, ['hello', 'echo: hello']);
    await screenshot(page, 'online');
  });

  test('after a socket drop, then a stall, the user keeps chatting: nothing lost, nothing twice', async () => {
    const page = await demo.open('?silenceMs=3000');
    const conversationId = await conversationIdOf(page);
    await sendText(page, 'one');
    await untilRendered(page, ['echo: one']);

    // The first reconnect after a stay Online goes at once: hold the reconnect call for a moment so
    // that the bot can speak while the socket is down.
    demo.site.emulator.faults.delay('conversations/get', 1000);
    await page.getByRole('button', { name: 'Drop the socket' }).click();
    // While the socket is down the bot speaks on its own; Web Chat shows Connecting and holds the send box.
    await until('the socket to be gone', () => demo.site.emulator.openSockets(conversationId) === 0);
    demo.site.emulator.sendFromBot(conversationId, { type: 'message', text: 'bot while dropped' });
    demo.site.emulator.faults.delay('conversations/get', 0);
    await until('a reconnect figure on the panel', async () => (await page.locator('#last-reconnect').textContent()) !== '–');
    await until('Online again', async () => (await page.locator('#status').textContent()) === 'Online');
    await sendText(page, 'two');
    await sendText(page, 'three');
    await untilRendered(page, ['echo: two', 'bot while dropped', 'echo: three']);
    await screenshot(page, 'after-drop');

    const handshakes = demo.site.emulator.stats().handshakes;
    await page.getByRole('button', { name: 'Stall the socket' }).click();
    await sendText(page, 'four');
    demo.site.emulator.sendFromBot(conversationId, { type: 'message', text: 'bot while stalled' });
    // The stalled socket stays open: the client notices the silence, closes it and opens another.
    await until('a new socket after the stall', () => demo.site.emulator.stats().handshakes > handshakes);
    await untilRendered(page, ['echo: four', 'bot while stalled']);
    await sendText(page, 'five');
    await untilRendered(page, ['echo: five']);
    await until(
      'one open socket',
      async () => demo.site.emulator.openSockets(conversationId) === 1 && (await page.locator('#open-sockets').textContent()) === '1',
    );
    await expectEachOnce(page, demo.site, [
      'one',
      'echo: one',
      'two',
      'echo: two',
      'bot while dropped',
      'three',
      'echo: three',
      'four',
      'echo: four',
      'bot while stalled',
      'five',
      'echo: five',
    ]);
    await screenshot(page, 'after-stall');
  });

  test('a failed post shows "Send failed", and Retry from Web Chat sends it', async () => {
    const page = await demo.open();
    await page.getByRole('button', { name: 'Fail the next post' }).click();
    await until('the fault to be set', () => page.locator('[data-fault="failNextPost"]').isEnabled());
    await sendText(page, 'unlucky');
    const failed = page.getByText('Send failed', { exact: false });
    await failed.first().waitFor({ timeout: 20_000 });
    await screenshot(page, 'send-failed');
    expect(storedMessages(demo.site.emulator, await conversationIdOf(page))).toHaveLength(0);
    await page.getByRole('button', { name: /retry/i }).first().click();
    await untilRendered(page, ['echo: unlucky']);
    // Web Chat keeps the failed attempt on screen (marked Send failed) and adds the retry as a new
    // activity: the service, and so the bot, got the message once, and the reply shows once.
    expect(storedMessages(demo.site.emulator, await conversationIdOf(page)).map((m) => m.text)).toEqual(['unlucky', 'echo: unlucky']);
    expect(await renderedCounts(page, ['echo: unlucky'])).toEqual({ 'echo: unlucky': 1 });
    const panel = await figures(page);
    expect(panel.deliveredDuplicates).toBe(0);
    expect(panel.deliveredIds).toHaveLength(2);
    await screenshot(page, 'retried');
  });

  test("after the token expired, the reconnect asks the page's backend for a new one and the chat goes on", async () => {
    const page = await demo.open();
    await page.getByRole('button', { name: 'Expire the token' }).click();
    await until('the token to be expired', () => page.locator('[data-fault="expireToken"]').isEnabled());
    await page.getByRole('button', { name: 'Drop the socket' }).click();
    await until('a new token from the backend', async () =>
      (await page.locator('#log').innerText()).includes('asking the backend for a new token'),
    );
    await until(
      'Online again',
      async () => (await figures(page)).lastReconnectMs !== undefined && (await page.locator('#status').textContent()) === 'Online',
    );
    await sendText(page, 'fresh token');
    await untilRendered(page, ['echo: fresh token']);
    await expectEachOnce(page, demo.site, ['fresh token', 'echo: fresh token']);
    await screenshot(page, 'token-renewed');
  });

  test('a reload resumes the conversation from sessionStorage, with its history and no duplicates', async () => {
    const page = await demo.open();
    const conversationId = await conversationIdOf(page);
    await sendText(page, 'before reload');
    await untilRendered(page, ['echo: before reload']);
    await page.reload();
    await until('Online after the reload', async () => (await figures(page)).status === 2);
    expect(await page.evaluate(() => (window as any).demo.session.resumed)).toBe(true);
    expect(await conversationIdOf(page)).toBe(conversationId);
    await untilRendered(page, ['before reload', 'echo: before reload']);
    await sendText(page, 'after reload');
    await untilRendered(page, ['echo: after reload']);
    await expectEachOnce(page, demo.site, ['before reload', 'echo: before reload', 'after reload', 'echo: after reload']);
    await screenshot(page, 'resumed');
  });

  test('the header link reloads the same conversation over the official client, with its history', async () => {
    const page = await demo.open();
    const conversationId = await conversationIdOf(page);
    await sendText(page, 'over directline-rx');
    await untilRendered(page, ['echo: over directline-rx']);
    await page.getByRole('link', { name: 'Use botframework-directlinejs' }).click();
    await page.waitForURL(/client=directlinejs/);
    await until('Online over the official client', async () => (await figures(page)).status === 2);
    expect(await page.locator('#client-name').textContent()).toBe('botframework-directlinejs');
    expect(await conversationIdOf(page)).toBe(conversationId);
    await sendText(page, 'over botframework-directlinejs');
    await untilRendered(page, ['over directline-rx', 'echo: over directline-rx', 'echo: over botframework-directlinejs']);
    await expectEachOnce(page, demo.site, [
      'over directline-rx',
      'echo: over directline-rx',
      'over botframework-directlinejs',
      'echo: over botframework-directlinejs',
    ]);
  });

  test("a file sent with Web Chat's upload button reaches the bot as an attachment the emulator serves", async () => {
    const page = await demo.open();
    const content = `notes from the browser test ${Date.now()}\n`;
    await page.locator('input[type=file]').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from(content) });
    // Web Chat puts the file in the send box; sending it posts a message with a blob: attachment.
    await page.locator('[data-id="webchat-sendbox-input"]').press('Enter');
    const conversationId = await conversationIdOf(page);
    const withAttachment = await until('the upload to reach the emulator', () =>
      demo.site.emulator.activities(conversationId).find((a) => a.from?.role !== 'bot' && a.attachments?.length),
    );
    const attachment = withAttachment!.attachments![0];
    expect(attachment.name).toBe('notes.txt');
    expect(attachment.contentUrl).toMatch(new RegExp(`^${demo.site.emulator.domain.replace(/\/v3\/directline$/, '')}/`));
    const served = await fetch(attachment.contentUrl as string);
    expect(served.status).toBe(200);
    expect(await served.text()).toBe(content);
    // The bot's echo carries the attachment back, and Web Chat renders it (the file's name).
    await until('the echo with the attachment', () =>
      demo.site.emulator.activities(conversationId).some((a) => a.from?.role === 'bot' && a.attachments?.length),
    );
    await until('the file in the transcript', async () =>
      (await page.locator('.webchat__basic-transcript').innerText()).includes('notes.txt'),
    );
    await screenshot(page, 'upload');
  });

  test('without Web Chat the page says how to add it and offers a minimal chat of its own', async () => {
    const context2 = await demo.newContext();
    const page = await context2.newPage();
    await page.route('**/demo/vendor/webchat.js', (route) => route.fulfill({ status: 404, body: 'not installed' }));
    await page.goto(`${demo.site.pageOrigin}/`);
    await until(
      'the notice',
      async () =>
        (await page.locator('#notice').isVisible()) &&
        (await page.locator('#notice').innerText()).includes('npm install --save-dev botframework-webchat'),
    );
    await until('Online', async () => (await figures(page)).status === 2);
    await page.getByLabel('Message').fill('plain');
    await page.getByLabel('Message').press('Enter');
    await until('the echo in the minimal chat', async () =>
      (await page.locator('.minimal-transcript').innerText()).includes('echo: plain'),
    );
    const items = await page.locator('.minimal-activity').allInnerTexts();
    expect(items.map((t) => t.trim())).toEqual(['plain', 'echo: plain']);
    await screenshot(page, 'minimal-chat');
  });
});
