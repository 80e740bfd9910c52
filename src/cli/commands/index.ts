/** Every subcommand, in the order the help lists them. */
import type { Command } from '../context.js';
import { applyCommand } from './apply.js';
import { emulatorCommand } from './emulator.js';
import { planCommand } from './plan.js';
import { reportCommand } from './report.js';
import { validateCommand } from './validate.js';

export const COMMANDS: Command[] = [
  validateCommand,
  planCommand,
  applyCommand,
  reportCommand,
  emulatorCommand,
];
