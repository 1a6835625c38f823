/** The package version, sent in the agent header. Kept equal to package.json by a test. */
export const VERSION = '0.1.0';
export const AGENT = `DirectLine/3.0 (directline-rx/${VERSION})`;
