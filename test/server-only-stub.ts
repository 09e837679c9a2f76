// Vitest runs outside React's server environment; lib/data's 'server-only' guard is for bundles.
export {};
