/**
 * @jest-environment ./examples/testing/jsdom-with-node-timers.env.js
 */
import '../../../testing/setup-testbed';
import { firstValueFrom } from 'rxjs';
import { TestBed } from '@angular/core/testing';
import type { ComponentFixture } from '@angular/core/testing';
import { nodeCreateXHR, nodeWebSocketFactory } from 'directline-rx/node';
import { testOptions, until, useEmulator } from '../../../../spec/e2e/support';
import { ChatComponent } from './chat.component';
import { ChatService } from './chat.service';
import { provideDirectLine } from './direct-line.providers';

const emulator = useEmulator();

function render(): ComponentFixture<ChatComponent> {
  TestBed.configureTestingModule({
    providers: [provideDirectLine({ ...testOptions(emulator()), webSocketFactory: nodeWebSocketFactory, createXHR: nodeCreateXHR })],
  });
  return TestBed.createComponent(ChatComponent);
}

const el = (fixture: ComponentFixture<ChatComponent>) => fixture.nativeElement as HTMLElement;
const statusOf = (fixture: ComponentFixture<ChatComponent>) => el(fixture).querySelector('.status')?.textContent?.trim();
const lines = (fixture: ComponentFixture<ChatComponent>) => Array.from(el(fixture).querySelectorAll('.transcript li'));
const texts = (fixture: ComponentFixture<ChatComponent>) => lines(fixture).map((li) => li.querySelector('.text')?.textContent?.trim());

function type(fixture: ComponentFixture<ChatComponent>, text: string): void {
  const input = el(fixture).querySelector('input') as HTMLInputElement;
  input.value = text;
  el(fixture)
    .querySelector('form')
    ?.dispatchEvent(new Event('submit', { cancelable: true }));
}

const conversationIdOf = () => TestBed.inject(ChatService).state().session.conversationId as string;

describe('Angular example: ChatComponent with ChatService (zoneless, against the emulator)', () => {
  it('renders the transcript: an own message is one entry, pending then sent, followed by the echo bot’s answer', async () => {
    const fixture = render();
    expect(await until(() => statusOf(fixture) === 'online', 15000)).toBe(true);

    emulator().faults.delay('activities/post', 300); // long enough to see the post pending
    type(fixture, 'hello');
    expect(el(fixture).querySelector('input')?.value).toBe('');
    expect(await until(() => lines(fixture)[0]?.getAttribute('data-post') === 'pending')).toBe(true);
    expect(texts(fixture)).toEqual(['hello']);
    expect(await until(() => texts(fixture).includes('echo: hello'), 15000)).toBe(true);
    expect(texts(fixture)).toEqual(['hello', 'echo: hello']);
    expect(lines(fixture).map((li) => [li.className, li.getAttribute('data-post')])).toEqual([
      ['user', 'sent'],
      ['bot', null],
    ]);

    emulator().sendFromBot(conversationIdOf(), { type: 'message', text: 'from the bot' });
    expect(await until(() => texts(fixture).length === 3, 15000)).toBe(true);
    expect(texts(fixture)[2]).toBe('from the bot');
  });

  it('shows "reconnecting" when the socket drops, then "online" again with nothing lost or repeated', async () => {
    const em = emulator();
    const fixture = render();
    expect(await until(() => statusOf(fixture) === 'online', 15000)).toBe(true);
    type(fixture, 'before');
    expect(await until(() => texts(fixture).includes('echo: before'), 15000)).toBe(true);
    const id = conversationIdOf();

    // Every status the page shows from now on, as it shows it.
    const shown: string[] = [];
    const status = el(fixture).querySelector('.status') as HTMLElement;
    const observer = new MutationObserver(() => shown.push(status.textContent?.trim() ?? ''));
    observer.observe(status, { characterData: true, childList: true, subtree: true });

    // The stream URL request answers slowly, so the reconnection lasts long enough to be rendered.
    em.faults.delay('conversations/get', 500);
    em.faults.dropSocket(id);
    expect(await until(() => shown.includes('reconnecting'), 15000)).toBe(true);
    em.sendFromBot(id, { type: 'message', text: 'while away 1' });
    type(fixture, 'typed while away');
    em.sendFromBot(id, { type: 'message', text: 'while away 2' });

    expect(await until(() => statusOf(fixture) === 'online', 15000)).toBe(true);
    observer.disconnect();
    expect(shown).toEqual(['reconnecting', 'online']);
    em.faults.delay('conversations/get', 0);
    const stored = () =>
      em
        .activities(id)
        .filter((a) => a.type === 'message')
        .map((a) => a.text);
    expect(await until(() => texts(fixture).length === stored().length && stored().includes('echo: typed while away'), 15000)).toBe(true);
    expect(texts(fixture)).toEqual(stored());
    expect(new Set(texts(fixture)).size).toBe(texts(fixture).length);
    expect(lines(fixture).filter((li) => li.getAttribute('data-post') === 'sent')).toHaveLength(2);
  });

  it('shows who is typing until their message comes, and a refused post as failed with the error', async () => {
    const em = emulator();
    const fixture = render();
    expect(await until(() => statusOf(fixture) === 'online', 15000)).toBe(true);
    const id = conversationIdOf();
    const typing = () => el(fixture).querySelector('.typing')?.textContent?.trim();

    em.sendFromBot(id, { type: 'typing', from: { id: 'bot', name: 'Echo', role: 'bot' } });
    expect(await until(() => typing() === 'Echo typing…', 15000)).toBe(true);
    em.sendFromBot(id, { type: 'message', text: 'done typing', from: { id: 'bot', name: 'Echo', role: 'bot' } });
    expect(await until(() => texts(fixture).includes('done typing') && typing() === undefined, 15000)).toBe(true);

    em.faults.failNext('activities/post', 1, 400, { code: 'BadArgument' });
    type(fixture, 'refused');
    expect(await until(() => lines(fixture).some((li) => li.getAttribute('data-post') === 'failed'), 15000)).toBe(true);
    expect(texts(fixture)).toEqual(['done typing', 'refused']);
    expect(el(fixture).querySelector('.error')?.textContent).toContain('HTTP 400 BadArgument');
  });

  it('a failed post has a Retry button; Retry sends the same post once, in its place, and it shows sent', async () => {
    const em = emulator();
    const fixture = render();
    expect(await until(() => statusOf(fixture) === 'online', 15000)).toBe(true);
    const id = conversationIdOf();

    em.faults.failNext('activities/post', 1, 500, { code: 'ServiceError' });
    type(fixture, 'unlucky');
    expect(await until(() => lines(fixture)[0]?.getAttribute('data-post') === 'failed', 15000)).toBe(true);
    type(fixture, 'next');
    expect(await until(() => texts(fixture).includes('echo: next'), 15000)).toBe(true);
    const retry = el(fixture).querySelectorAll<HTMLButtonElement>('.transcript .retry');
    expect(retry).toHaveLength(1);

    retry[0].click();
    expect(await until(() => texts(fixture).includes('echo: unlucky'), 15000)).toBe(true);
    const stored = em
      .activities(id)
      .filter((a) => a.type === 'message')
      .map((a) => a.text);
    expect(stored.filter((text) => text === 'unlucky')).toHaveLength(1);
    expect(texts(fixture)).toEqual(stored);
    expect(lines(fixture).filter((li) => li.getAttribute('data-post') === 'sent')).toHaveLength(2);
    expect(el(fixture).querySelector('.retry')).toBeNull();
  });

  it('ends the connection when the injector is destroyed: the socket closes and later sends fail with Ended', async () => {
    const em = emulator();
    const fixture = render();
    expect(await until(() => statusOf(fixture) === 'online', 15000)).toBe(true);
    const id = conversationIdOf();
    expect(em.openSockets(id)).toBe(1);
    const service = TestBed.inject(ChatService);

    TestBed.resetTestingModule();

    expect(await until(() => em.openSockets(id) === 0)).toBe(true);
    await expect(firstValueFrom(service.send('after the end'))).rejects.toMatchObject({ code: 'Ended' });
    expect(em.activities(id).map((a) => a.text)).not.toContain('after the end');
  });
});
