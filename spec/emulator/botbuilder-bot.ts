import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';

export interface TestBot {
  endpoint: string;
  received: any[];
  errors: unknown[];
  close(): Promise<void>;
}

/**
 * A real bot built on Microsoft's botbuilder (CloudAdapter, no app id: anonymous), served by a
 * tiny node:http server on 127.0.0.1. It answers `bb: <text>` and greets on conversationUpdate.
 */
export async function startBotbuilderBot(behaviour: { failOn?: string; slowOn?: string } = {}): Promise<TestBot> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const received: any[] = [];
  const errors: unknown[] = [];
  adapter.onTurnError = async (_ctx, error) => {
    errors.push(error);
    throw error;
  };
  const bot = new ActivityHandler();
  bot.onMessage(async (ctx: TurnContext, next) => {
    if (ctx.activity.text === behaviour.failOn) throw new Error('bot failure');
    if (ctx.activity.text === behaviour.slowOn) await new Promise((r) => setTimeout(r, 1500));
    await ctx.sendActivity(`bb: ${ctx.activity.text}`);
    await next();
  });
  bot.onMembersAdded(async (ctx, next) => {
    await ctx.sendActivity('hello from botbuilder');
    await next();
  });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      let status = 200;
      let body: unknown;
      const response = {
        socket: req.socket,
        status(code: number) {
          status = code;
          return response;
        },
        header(name: string, value: unknown) {
          res.setHeader(name, String(value));
          return response;
        },
        send(b: unknown) {
          body = b;
          return response;
        },
        end() {
          res.statusCode = status;
          res.end(body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body));
          return response;
        },
      };
      try {
        const activity = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        received.push(activity);
        await adapter.process({ body: activity, headers: req.headers as Record<string, string>, method: req.method }, response, (ctx) =>
          bot.run(ctx),
        );
      } catch (error) {
        errors.push(error);
        if (!res.writableEnded) {
          res.statusCode = 500;
          res.end();
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/api/messages`,
    received,
    errors,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
