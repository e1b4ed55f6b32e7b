import { closeSync, fstatSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { rotateLog } from '../process/rotate-log.js';

export interface RotatingLog {
  write(text: string): void;
  /** New limits from a reloaded config; they apply from the next write. */
  configure(limits: LogLimits): void;
  close(): void;
}

export interface LogLimits {
  maxBytes: number;
  /** Rotated files kept beside the live one (file.1 is the newest); 0 keeps none. */
  keep: number;
}

/**
 * An append-only log file that never grows past `maxBytes`: when the next write
 * would cross it, the file is rotated (rotate-log.ts) and a new live file starts. Writes are
 * synchronous so that the last lines before a crash are on disk. A write error
 * (disk full, directory removed) is swallowed: logging must never stop the monitor.
 */
export function createRotatingLog(file: string, limits: LogLimits): RotatingLog {
  let { maxBytes, keep } = limits;
  let fd: number | null = null;
  let size = 0;

  const open = () => {
    mkdirSync(path.dirname(file), { recursive: true });
    fd = openSync(file, 'a');
    size = fstatSync(fd).size;
  };
  const rotate = () => {
    if (fd !== null) closeSync(fd);
    fd = null;
    rotateLog(file, keep);
    open();
  };

  return {
    write: (text) => {
      try {
        if (fd === null) open();
        const bytes = Buffer.byteLength(text);
        if (size > 0 && size + bytes > maxBytes) rotate();
        writeSync(fd!, text);
        size += bytes;
      } catch {
        fd = null;
      }
    },
    configure: (next) => {
      ({ maxBytes, keep } = next);
    },
    close: () => {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}
