import type { MonitorStatus } from '../contract/monitor-status.js';

/** V8's view of the monitor's memory. */
export function memoryFigures(): MonitorStatus['memory'] {
  const { heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
  return { heapTotal, heapUsed, external, arrayBuffers };
}
