import { startEmulator } from './emulator/server';
import { createDemoHandler } from './demo/handler';
import type { Emulator, EmulatorOptions } from './emulator/types';

const USAGE = `Usage: directline-emulator [options]

A local Direct Line 3.0 service. Without --bot an echo bot answers; with --bot the activities are
forwarded to the bot's messaging endpoint (Bot Connector API, no app id). The demo page (Web Chat
with a live connection panel and fault buttons) is served at / unless --no-demo is given.

Options:
  -p, --port N        port to listen on (default 3000; 0 picks a free one)
  --host H            address to listen on (default 127.0.0.1)
  --bot URL           the bot's messaging endpoint (default: the built-in echo bot)
  --secret S          the Direct Line secret clients use (default: a new random one at each start,
                      printed below the domain)
  --public-url URL    origin advertised in stream and upload URLs (behind a proxy); its host is
                      allowed in the Host header
  --allowed-host H    a host name the emulator also answers to (repeatable); besides localhost,
                      127.0.0.1, [::1], the listening address and --public-url's host, any other
                      Host header is refused with 421 (DNS rebinding)
  --max-conversation-upload-bytes N
                      bytes of uploaded files one conversation keeps (default 64 MiB; 413 beyond;
                      each upload at most 4 MB)
  --max-total-upload-bytes N
                      bytes of uploaded files the whole emulator keeps (default 512 MiB; 413 beyond)
  -q, --quiet         no line per request
  --no-demo           do not serve the demo page at /
  -h, --help          this text

Admin routes (fault controls over HTTP, for tests): POST /_emulator/{action} with a JSON body and
"Authorization: Bearer <secret>", from this machine's own pages or from a program (not from other
sites). Actions and bodies:
  dropSocket {conversationId, code?, reason?}   stallSocket {conversationId}
  failNext {route, count?, status, retryAfter?, code?, conversationId?}
  delay {route?, ms}   expireToken {conversationId}   removeConversation {conversationId}
  scrambleLivestreams {conversationId, enabled?}
  setLifetimes {tokenSec?, streamUrlMs?, keepAliveMs?}   setPublicBaseUrl {url?}   reset {}
  sendFromBot {conversationId, activity}   activities {conversationId}   stats {}
  scrambleLivestreams {conversationId, enabled?}
Routes for failNext and delay: tokens/generate, tokens/refresh, conversations/start,
conversations/get, activities/post, activities/get, upload, stream, session.
The same controls in a program: startEmulator() from directline-rx/emulator, emulator.faults.
Full description: node_modules/directline-rx/src/emulator/README.md`;

export interface CliOptions extends Omit<EmulatorOptions, 'demo'> {
  /** Serve the demo page at `/` (default true; `--no-demo` turns it off). */
  demo?: boolean;
  quiet?: boolean;
  help?: boolean;
}

/** Parses the command line; throws with a readable message on a bad argument. */
export function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = { port: 3000, demo: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--port':
      case '-p': {
        const port = Number(value());
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be a port number');
        options.port = port;
        break;
      }
      case '--host':
        options.host = value();
        break;
      case '--bot': {
        const bot = value();
        if (!/^https?:\/\//i.test(bot)) throw new Error('--bot must be an http(s) URL');
        options.bot = bot;
        break;
      }
      case '--secret':
        options.secret = value();
        break;
      case '--public-url':
        options.publicBaseUrl = value();
        break;
      case '--allowed-host':
        (options.allowedHosts ??= []).push(value());
        break;
      case '--max-conversation-upload-bytes':
      case '--max-total-upload-bytes': {
        const bytes = Number(value());
        if (!Number.isSafeInteger(bytes) || bytes < 0) throw new Error(`${flag} must be a whole number of bytes`);
        if (flag === '--max-total-upload-bytes') options.maxTotalUploadBytes = bytes;
        else options.maxConversationUploadBytes = bytes;
        break;
      }
      case '--no-demo':
        options.demo = false;
        break;
      case '--quiet':
      case '-q':
        options.quiet = true;
        break;
      case '--help':
      case '-h':
        options.help = true;
        break;
      default:
        throw new Error(`Unknown argument: ${arg}`);
    }
  }
  return options;
}

/** Where the command line writes: a line of output, a line of error. */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

/** The process's standard output and error. */
const standardOutput: CliOutput = {
  out: (line) => void process.stdout.write(`${line}\n`),
  err: (line) => void process.stderr.write(`${line}\n`),
};

/** Runs the CLI: starts the emulator, prints the domain and secret, logs each request (to `output`). */
export async function main(
  argv: readonly string[] = process.argv.slice(2),
  output: CliOutput = standardOutput,
): Promise<Emulator | undefined> {
  let options: CliOptions;
  try {
    options = parseArgs(argv);
  } catch (error) {
    output.err(`${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return undefined;
  }
  if (options.help) {
    output.out(USAGE);
    return undefined;
  }
  const { quiet, help: _help, demo, ...emulatorOptions } = options;
  let emulator: Emulator;
  try {
    emulator = await startEmulator({
      ...emulatorOptions,
      demo: demo ? createDemoHandler : undefined,
      log: quiet ? undefined : (line) => output.out(line),
    });
  } catch (error) {
    output.err(`Could not start the emulator: ${(error as Error).message}`);
    process.exitCode = 1;
    return undefined;
  }
  output.out(`Direct Line 3.0 emulator listening`);
  output.out(`  domain: ${emulator.domain}`);
  output.out(`  secret: ${emulator.secret}`);
  output.out(`  bot:    ${typeof options.bot === 'string' ? options.bot : 'built-in echo bot'}`);
  if (demo) output.out(`  demo:   open ${emulator.domain.replace(/\/v3\/directline$/, '/')} in a browser`);
  const stop = (): void => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return emulator;
}
