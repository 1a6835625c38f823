/**
 * directline-rx/emulator: a local Direct Line 3.0 service (Node only).
 *
 * @module directline-rx/emulator
 */
export { startEmulator } from './server';
export { echoBot } from './bot/echo-bot';
export type { BotHandler, DemoHandler, Emulator, EmulatorOptions, EmulatorStats, FaultControls, RouteName } from './types';
