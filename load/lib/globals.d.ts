// k6 has a global `console`, but @types/k6 does not declare it and the DOM lib must stay out of scope.
declare const console: {
  log(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  debug(...args: unknown[]): void;
};
