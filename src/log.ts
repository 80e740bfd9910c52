/**
 * Structured logging with winston. Logs go to stderr (results own stdout);
 * every secret-looking field is masked before any transport sees it.
 */
import type { Writable } from 'node:stream';
import winston from 'winston';

export type LogFormat = 'text' | 'json';

export interface LoggerOptions {
  stream: Writable;
  level?: string;
  format?: LogFormat;
  file?: string;
}

const SECRET_KEY = /secret|token|password|signature|authorization/i;

/** Replace values of secret-looking keys, at any depth. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));

  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? '[redacted]' : redact(v, depth + 1);
  }
  return out;
}

const redactFormat = winston.format((info) => {
  for (const key of Object.keys(info)) {
    if (SECRET_KEY.test(key)) info[key] = '[redacted]';
    else info[key] = redact(info[key]);
  }
  return info;
});

function textFormat(): winston.Logform.Format {
  return winston.format.printf((info) => {
    const { level, message, timestamp, ...meta } = info;
    const extra = Object.entries(meta)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ');
    const time = String(timestamp).slice(11, 19);
    return `${time} ${level.padEnd(5)} ${String(message)}` +
      (extra ? ` ${extra}` : '');
  });
}

/** Build the run's root logger; child loggers add run and task context. */
export function createLogger(options: LoggerOptions): winston.Logger {
  const json = winston.format.combine(
    redactFormat(),
    winston.format.timestamp(),
    winston.format.json(),
  );
  const text = winston.format.combine(
    redactFormat(),
    winston.format.timestamp(),
    textFormat(),
  );
  const transports: winston.transport[] = [
    new winston.transports.Stream({
      stream: options.stream,
      format: options.format === 'json' ? json : text,
    }),
  ];
  if (options.file) {
    transports.push(
      new winston.transports.File({ filename: options.file, format: json }),
    );
  }
  return winston.createLogger({
    level: options.level ?? 'info',
    transports,
  });
}
