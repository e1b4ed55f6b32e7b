#!/usr/bin/env node
import { route } from '../dist/cli/route.js';

process.exitCode = await route(process.argv.slice(2));
