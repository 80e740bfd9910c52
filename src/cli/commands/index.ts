/** Every subcommand, in the order the help lists them. */
import type { Command } from '../context.js';
import { applyCommand } from './apply.js';

export const COMMANDS: Command[] = [applyCommand];
