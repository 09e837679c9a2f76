// Public API of lib/alliance: pure alert rules, repair tracking and local norms (no I/O).
export * from './rules';
export * from './rating-gap';
export * from './outcomes';
export * from './missed';
export * from './repair';
export * from './norms';
export * from './supervision';
export * from './alerts';
export * from './attention';
