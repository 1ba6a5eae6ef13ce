// The slow project packages and deploys the app with rc-apps (a TypeScript compile each time): on a loaded machine
// that takes minutes, and slowness must never fail a test (speed is measured in bench/, not asserted).
jest.setTimeout(600_000);
