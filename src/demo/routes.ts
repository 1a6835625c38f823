import type { Emulator } from '../emulator/types';
import { notFound } from '../emulator/errors';
import type { RequestContext, Route } from '../emulator/router';
import { createDemoHandler, DEMO_PATH } from './handler';

/** The demo as emulator routes (GET and POST under `/` and `/demo/`); other paths are left alone. */
export function demoRoutes(emulator: () => Emulator): Route[] {
  const handler = createDemoHandler(emulator);
  const handle = async ({ req, res }: RequestContext): Promise<void> => {
    if (!(await handler(req, res))) throw notFound('Unknown demo path');
  };
  return [
    { pattern: DEMO_PATH, method: 'GET', handle },
    { pattern: DEMO_PATH, method: 'POST', handle },
  ];
}
