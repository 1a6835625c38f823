// The isomorphic entry must run in a browser: no Node built-ins, no ws, no xhr2, in any of its builds.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { dist, importedSpecifiers, repo, requireBuilt, withRelativeImports } from './helpers';

const rxjs = (spec: string) => spec === 'rxjs' || spec.startsWith('rxjs/');
const allowedInEntry = (spec: string) => rxjs(spec) || spec === 'rxjs-websockets' || spec.startsWith('./');

beforeAll(() => requireBuilt('index.mjs', 'index.cjs', 'directline-rx.umd.min.js'));

describe('the browser entry', () => {
  it.each(['index.mjs', 'index.cjs'])('dist/%s (and what it imports) uses only rxjs and rxjs-websockets', (entry) => {
    for (const [file, source] of withRelativeImports(entry)) {
      const specifiers = importedSpecifiers(source);
      expect({ file, outside: specifiers.filter((s) => !allowedInEntry(s)) }).toEqual({ file, outside: [] });
      expect(source).not.toMatch(/require\(\s*['"](ws|xhr2)['"]\s*\)/);
      expect(source).not.toMatch(/\bfrom\s*['"](ws|xhr2)['"]/);
      expect(source).not.toMatch(/(from\s*|import\s*\(?\s*|require\(\s*)['"]node:/);
    }
  });

  it('the UMD bundle needs nothing but rxjs', () => {
    const source = fs.readFileSync(path.join(dist, 'directline-rx.umd.min.js'), 'utf8');
    expect(importedSpecifiers(source).filter((s) => !rxjs(s))).toEqual([]);
  });

  it('the UMD bundle runs in a page beside the rxjs UMD bundle, as the global DirectLineRx', () => {
    const page: Record<string, unknown> = {};
    page.self = page;
    vm.createContext(page);
    vm.runInContext(fs.readFileSync(path.join(repo, 'node_modules/rxjs/dist/bundles/rxjs.umd.min.js'), 'utf8'), page);
    vm.runInContext(fs.readFileSync(path.join(dist, 'directline-rx.umd.min.js'), 'utf8'), page);

    const lib = page.DirectLineRx as Record<string, any>;
    expect(lib).toBeDefined();
    expect(lib.VERSION).toBe(JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')).version);
    expect(new lib.DirectLineError('boom', { status: 500 })).toBeInstanceOf(vm.runInContext('Error', page) as ErrorConstructor);
    expect(lib.parseFrame('{"activities":[]}').kind).toBe('activitySet');

    // rxjs-websockets is bundled inside; a fake socket checks that its default export is wired up.
    let socket: Record<string, any> | undefined;
    const events: string[] = [];
    const subscription = lib
      .openStream(
        'ws://127.0.0.1:9/stream',
        () =>
          (socket = {
            closed: false,
            send() {},
            close() {
              socket!.closed = true;
            },
          }),
      )
      .subscribe({ next: (e: { type: string }) => events.push(e.type), error: (e: Error) => events.push(`error:${e.message}`) });
    socket!.onopen({});
    subscription.unsubscribe();
    expect(events).toEqual(['open']);
    expect(socket!.closed).toBe(true);
  });
});
