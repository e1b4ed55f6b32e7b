import { createRotatingLog, type LogLimits, type RotatingLog } from './rotating-log.js';

export interface MonitorLog {
  /** One timestamped line. */
  line(text: string): void;
  configure(limits: LogLimits): void;
  close(): void;
}

const defaultLimits: LogLimits = { maxBytes: 1024 * 1024, keep: 3 };

/** The monitor's log: stderr in the foreground, a rotating file under `monitor start`. */
export function createMonitorLog(file: string | null): MonitorLog {
  const sink: RotatingLog | null = file === null ? null : createRotatingLog(file, defaultLimits);
  return {
    line: (text) => {
      const line = `${new Date().toISOString()} [${process.pid}] ${text}\n`;
      if (sink === null) process.stderr.write(line);
      else sink.write(line);
    },
    configure: (limits) => sink?.configure(limits),
    close: () => sink?.close(),
  };
}
