import type { CommandModule } from 'yargs';
import { configCommand } from './config.js';
import { hooksCommand } from './hooks.js';
import { initCommand } from './init.js';
import { loadCommand } from './load.js';
import { mcpCommand } from './mcp.js';
import { monitorCommand } from './monitor.js';
import { removeFileCommand } from './remove-file.js';
import { searchCommand } from './search.js';
import { showCommand } from './show.js';
import { sourcesCommand } from './sources.js';
import { statusCommand } from './status.js';
import { syncCommand } from './sync.js';
import { watchCommand } from './watch.js';

// yargs' CommandModule generics do not unify across commands with different options.
export const commands = [
  initCommand,
  loadCommand,
  removeFileCommand,
  searchCommand,
  showCommand,
  sourcesCommand,
  statusCommand,
  syncCommand,
  watchCommand,
  monitorCommand,
  hooksCommand,
  configCommand,
  mcpCommand,
] as unknown as CommandModule[];
