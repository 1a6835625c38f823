import type { Page } from 'playwright-core';
import { botChunk as chunk, botFinal as final } from '../helpers/livestream-activities';
import { conversationIdOf, demoPages, figures, renderedTexts, screenshot, until, untilRendered } from './harness';

/** How many rendered activities show each text exactly (a bubble per activity). */
async function countsOf(page: Page, texts: string[]): Promise<Record<string, number>> {
  const rendered = await renderedTexts(page);
  return Object.fromEntries(texts.map((t) => [t, rendered.filter((r) => r === t).length]));
}

describe('livestreams in Web Chat over createDirectLine (Chromium, the emulator on another origin)', () => {
  const demo = demoPages();

  test('the bubble grows in place with each chunk, and the final takes its place once', async () => {
    const page = await demo.open();
    const conversationId = await conversationIdOf(page);
    const before = (await renderedTexts(page)).length;
    const first = demo.site.emulator.sendFromBot(conversationId, chunk(1, 'The quick'));
    const streamId = first.id as string;
    await untilRendered(page, ['The quick']);
    demo.site.emulator.sendFromBot(conversationId, chunk(2, 'The quick brown fox', streamId));
    await untilRendered(page, ['The quick brown fox']);
    // One bubble, grown: the older text is gone from the transcript.
    expect(await countsOf(page, ['The quick', 'The quick brown fox'])).toEqual({ 'The quick': 0, 'The quick brown fox': 1 });
    expect((await renderedTexts(page)).length).toBe(before + 1);
    demo.site.emulator.sendFromBot(conversationId, chunk(3, 'The quick brown fox jumps over', streamId));
    await untilRendered(page, ['The quick brown fox jumps over']);
    await screenshot(page, 'livestream-growing');
    demo.site.emulator.sendFromBot(conversationId, final('The quick brown fox jumps over the lazy dog.', streamId));
    await untilRendered(page, ['The quick brown fox jumps over the lazy dog.']);
    const texts = ['The quick', 'The quick brown fox', 'The quick brown fox jumps over', 'The quick brown fox jumps over the lazy dog.'];
    expect(await countsOf(page, texts)).toEqual({ [texts[0]]: 0, [texts[1]]: 0, [texts[2]]: 0, [texts[3]]: 1 });
    expect((await renderedTexts(page)).length).toBe(before + 1);
    const panel = await figures(page);
    expect((panel as unknown as { chunkCount: number }).chunkCount).toBe(4);
    await screenshot(page, 'livestream-final');
  });

  test('the demo’s button asks the echo bot for a streamed reply: the panel lists the chunks, the chat shows the reply once', async () => {
    const page = await demo.open();
    await page.getByRole('button', { name: 'Ask for a streamed reply' }).click();
    // Partway: a bubble that shows part of the echo, and the chunks listed on the panel.
    const partial = await until(
      'a partial reply on screen',
      async () => (await renderedTexts(page)).find((t) => t.startsWith('echo: Livestreaming') && !t.endsWith('place.')),
      15_000,
      50,
    );
    expect(partial).toBeDefined();
    await until('chunks on the panel', async () => (await page.locator('#chunks li').count()) >= 3);
    await screenshot(page, 'livestream-demo-partway');
    const whole =
      'echo: Livestreaming shows a reply as it is written: each chunk carries the whole text so far, and the final message takes its place.';
    await untilRendered(page, [whole], 30_000);
    const rendered = await renderedTexts(page);
    expect(rendered.filter((t) => t.startsWith('echo: Livestreaming'))).toEqual([whole]);
    const panelText = await page.locator('#chunks').innerText();
    expect(panelText).toContain('informative');
    expect(panelText).toContain('final');
    expect(await page.locator('#chunk-count').textContent()).toMatch(/^\d+$/);
    await screenshot(page, 'livestream-demo-done');
  });

  test('after a drop mid-livestream the final shows once, with no stale bubble', async () => {
    const page = await demo.open();
    const conversationId = await conversationIdOf(page);
    const before = (await renderedTexts(page)).length;
    const first = demo.site.emulator.sendFromBot(conversationId, chunk(1, 'one'));
    const streamId = first.id as string;
    demo.site.emulator.sendFromBot(conversationId, chunk(2, 'one two', streamId));
    await untilRendered(page, ['one two']);
    // Hold the reconnect call so that the bot goes on while the socket is down.
    demo.site.emulator.faults.delay('conversations/get', 1000);
    await page.getByRole('button', { name: 'Drop the socket' }).click();
    await until('the socket to be gone', () => demo.site.emulator.openSockets(conversationId) === 0);
    demo.site.emulator.sendFromBot(conversationId, chunk(3, 'one two three', streamId)); // lost with the socket, as with the service
    demo.site.emulator.sendFromBot(conversationId, final('one two three four', streamId));
    demo.site.emulator.faults.delay('conversations/get', 0);
    await until('Online again', async () => (await page.locator('#status').textContent()) === 'Online');
    await untilRendered(page, ['one two three four']);
    const texts = ['one', 'one two', 'one two three', 'one two three four'];
    expect(await countsOf(page, texts)).toEqual({ one: 0, 'one two': 0, 'one two three': 0, 'one two three four': 1 });
    expect((await renderedTexts(page)).length).toBe(before + 1);
    await screenshot(page, 'livestream-after-drop');
  });
});
