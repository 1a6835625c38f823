// Node entry: the isomorphic surface with ws and xhr2 wired in as the default transports.
export * from '../index';
export { nodeWebSocketFactory, nodeCreateXHR } from './transports';
