import type { DemoHandler } from '../types';
import { notFound } from '../http/errors';
import type { RequestContext, Route } from './router';

/** Paths of the demo: the page at `/`, its files under `/demo/`, its backend under `/demo/api/`. */
const DEMO_PATH = /^\/(?:$|demo\/)/;

/** The demo's handler (the `demo` option) as routes (GET and POST under `/` and `/demo/`); a path it leaves alone is 404. */
export function demoRoutes(handler: DemoHandler): Route[] {
  const handle = async ({ req, res }: RequestContext): Promise<void> => {
    if (!(await handler(req, res))) throw notFound('Unknown demo path');
  };
  return [
    { pattern: DEMO_PATH, method: 'GET', handle },
    { pattern: DEMO_PATH, method: 'POST', handle },
  ];
}
