/**
 * Child process that runs one measured side (our runner or a baseline)
 * and answers with its figures: `{side: SideSpec}` → SideFigures.
 * Credentials come from the environment the parent sets (the emulator's
 * demo key), through the same chain the CLI uses.
 */
import { serve } from './child-process.js';
import { runOurs } from './side-ours.js';
import { runRaw } from './side-raw.js';
import type { SideSpec } from './side-spec.js';

serve(async (request) => {
  const side = (request as { side?: SideSpec }).side;
  if (!side) throw new Error('expected {side}');
  return side.mode === 'ours' ? runOurs(side) : runRaw(side);
});
