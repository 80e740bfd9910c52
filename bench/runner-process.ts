/** Parent side of runner-child: run one side in a fresh process. */
import {
  DEMO_ACCESS_KEY_ID,
  DEMO_ACCESS_KEY_SECRET,
} from '../src/emulator/server.js';
import { forkChild } from './child-process.js';
import type { SideFigures, SideSpec } from './side-spec.js';

/** Settings of the bench run that every side shares. */
export interface SideContext {
  /** Where each child's stderr goes. */
  logFile: string;
  /** Extra node flags for runner children (e.g. --cpu-prof). */
  execArgv: string[];
}

/** Fork a runner child, run the side, return its figures. */
export async function runSide(
  spec: SideSpec,
  ctx: SideContext,
  timeoutMs: number,
): Promise<SideFigures> {
  const child = await forkChild({
    script: 'runner-child.js',
    stderrFile: ctx.logFile,
    timeoutMs,
    execArgv: ctx.execArgv,
    env: demoEnv(),
  });
  try {
    return await child.ask<SideFigures>({ side: spec });
  } finally {
    await child.stop();
  }
}

/** This environment with the emulator's demo key and no other key. */
function demoEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^ALIBABA_CLOUD_|^ALICLOUD_/.test(name)) env[name] = value;
  }
  env.ALIBABA_CLOUD_ACCESS_KEY_ID = DEMO_ACCESS_KEY_ID;
  env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = DEMO_ACCESS_KEY_SECRET;
  return env;
}
