// Attachments whose bytes live only in the page (blob: and data: URLs), read into upload files.
import { firstValueFrom } from 'rxjs';
import { hasLocalAttachments, isLocalAttachment, toUpload } from '../../src/adapters/local-attachments';
import type { Activity } from '../../src/protocol/activity';
import { DirectLineError } from '../../src/protocol/errors';

const text = (data: Uint8Array) => Buffer.from(data).toString('utf8');

describe('local attachments', () => {
  it('a blob: or data: contentUrl (any case) is local; http(s), missing or non-string URLs and non-objects are not', () => {
    expect(isLocalAttachment({ contentType: 'text/plain', contentUrl: 'blob:http://x/1' })).toBe(true);
    expect(isLocalAttachment({ contentType: 'text/plain', contentUrl: 'DATA:text/plain,a' })).toBe(true);
    expect(isLocalAttachment({ contentType: 'image/png', contentUrl: 'https://example.com/a.png' })).toBe(false);
    expect(isLocalAttachment({ contentType: 'text/plain' })).toBe(false);
    expect(isLocalAttachment({ contentType: 'text/plain', contentUrl: 42 })).toBe(false);
    expect(isLocalAttachment(null)).toBe(false);
    expect(isLocalAttachment('data:text/plain,a')).toBe(false);
  });

  it('only a message with at least one local attachment needs the upload call', () => {
    const local = { contentType: 'text/plain', contentUrl: 'data:text/plain,a' };
    const remote = { contentType: 'image/png', contentUrl: 'https://example.com/a.png' };
    expect(hasLocalAttachments({ type: 'message', attachments: [remote, local] })).toBe(true);
    expect(hasLocalAttachments({ type: 'message', attachments: [remote] })).toBe(false);
    expect(hasLocalAttachments({ type: 'message', text: 'hi' })).toBe(false);
    expect(hasLocalAttachments({ type: 'event', attachments: [local] } as Activity)).toBe(false);
    expect(hasLocalAttachments({ type: 'message', attachments: 'data:x' } as unknown as Activity)).toBe(false);
  });

  it('splits a message: local attachments become files (read, in order), other attachments stay on the activity', async () => {
    const remote = { contentType: 'image/png', contentUrl: 'https://example.com/a.png' };
    const activity: Activity = {
      type: 'message',
      text: 'two files',
      attachments: [
        { contentType: 'text/plain', contentUrl: 'data:text/plain,first', name: 'one.txt' },
        remote,
        { contentType: 'text/plain', contentUrl: `data:text/plain;base64,${Buffer.from('second').toString('base64')}`, name: 'two.txt' },
      ],
    };
    const { activity: template, files } = await firstValueFrom(toUpload(activity));
    expect(template).toEqual({ type: 'message', text: 'two files', attachments: [remote] });
    expect(files.map((f) => [f.name, f.contentType, text(f.data as Uint8Array)])).toEqual([
      ['one.txt', 'text/plain', 'first'],
      ['two.txt', 'text/plain', 'second'],
    ]);
    expect(activity.attachments).toHaveLength(3); // the caller's activity is left as it was
  });

  it('a file without a name or type gets file<N> and application/octet-stream; with no other attachment none is left', async () => {
    const activity: Activity = {
      type: 'message',
      attachments: [{ contentType: '', contentUrl: 'data:,x' }, { contentUrl: 'data:,y' } as never],
    };
    const { activity: template, files } = await firstValueFrom(toUpload(activity));
    expect('attachments' in template).toBe(false);
    expect(files.map((f) => [f.name, f.contentType])).toEqual([
      ['file1', 'application/octet-stream'],
      ['file2', 'application/octet-stream'],
    ]);
  });

  it('a URL that cannot be read errors with AttachmentUnreadable, saying why', async () => {
    const url = URL.createObjectURL(new Blob(['gone']));
    URL.revokeObjectURL(url);
    const error = await firstValueFrom(toUpload({ type: 'message', attachments: [{ contentType: 'text/plain', contentUrl: url }] })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DirectLineError);
    expect((error as DirectLineError).code).toBe('AttachmentUnreadable');
    expect((error as DirectLineError).message).toMatch(/^An attachment could not be read/);
  });

  it('without fetch() the read errors with AttachmentUnreadable, and reads nothing until subscribed', async () => {
    const globals = globalThis as { fetch?: typeof fetch };
    const saved = globals.fetch;
    const upload$ = toUpload({ type: 'message', attachments: [{ contentType: 'text/plain', contentUrl: 'data:,x' }] });
    delete globals.fetch;
    try {
      const error = await firstValueFrom(upload$).catch((e: unknown) => e);
      expect((error as DirectLineError).code).toBe('AttachmentUnreadable');
      expect((error as DirectLineError).message).toBe('Reading an attachment needs fetch()');
    } finally {
      globals.fetch = saved;
    }
  });
});
