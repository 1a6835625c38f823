import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorCore } from '../core';
import type { RouteName } from '../control/faults';

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Path parameters, decoded. */
  params: string[];
  core: EmulatorCore;
}

export interface Route {
  pattern: RegExp;
  method: string;
  /** Protocol routes are counted, delayed and failed on request; admin and file routes are not. */
  name?: RouteName;
  handle(ctx: RequestContext): Promise<void> | void;
}

export type RouteMatch = { route: Route; params: string[] } | { allowed: string[] } | undefined;

/** Finds the route for a path and method; `allowed` when the path exists with other methods only. */
export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  const allowed: string[] = [];
  for (const route of routes) {
    const m = route.pattern.exec(path);
    if (!m) continue;
    if (route.method === method || (method === 'HEAD' && route.method === 'GET')) {
      return { route, params: m.slice(1).map(decodeParam) };
    }
    allowed.push(route.method);
  }
  return allowed.length ? { allowed } : undefined;
}

function decodeParam(value: string | undefined): string {
  if (value === undefined) return '';
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
