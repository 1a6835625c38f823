import type { DemoHandler, Emulator } from '../emulator/types';
import { DemoAssets, sendFile } from './assets';
import { DemoApi } from './demo-api';

/**
 * The demo page and its backend for an emulator: `/` serves the page, `/demo/<file>` its own
 * files, `/demo/vendor/<bundle>` rxjs's, Web Chat's, botframework-directlinejs's and this
 * library's browser bundles from the installed packages, `/demo/api/…` the page's backend.
 */
export function createDemoHandler(emulator: () => Emulator, assets: DemoAssets = new DemoAssets()): DemoHandler {
  const api = new DemoApi(emulator);
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const api$ = /^\/demo\/api\/([A-Za-z]+)$/.exec(path);
    if (api$) return api.handle(req, res, api$[1], url);
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const file = /^\/demo\/(vendor\/)?([\w.-]+)$/.exec(path);
    const found = path === '/' ? assets.file('index.html', false) : file ? assets.file(file[2], !!file[1]) : undefined;
    if (!found) return false;
    sendFile(res, found, req.method === 'HEAD');
    return true;
  };
}
