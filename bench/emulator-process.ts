/** Parent side of emulator-child: start, read figures, stop. */
import type { EmulatorOptions } from '../src/emulator/server.js';
import { forkChild, type Child } from './child-process.js';
import type { EmulatorStats, TaskIds } from './emulator-child.js';

export type { EmulatorStats } from './emulator-child.js';

/** An emulator running in its own process. */
export interface BenchEmulator {
  url: string;
  stats(): Promise<EmulatorStats>;
  /** Every task the emulator holds. */
  taskIds(): Promise<TaskIds>;
  close(): Promise<void>;
}

/** Start an emulator child with these options (loopback, any port). */
export async function spawnEmulator(
  options: EmulatorOptions,
  stderrFile: string,
): Promise<BenchEmulator> {
  const child: Child = await forkChild({
    script: 'emulator-child.js',
    stderrFile,
    timeoutMs: 120_000,
  });
  const start = { ...options, host: '127.0.0.1', port: 0 };
  try {
    const { url } = await child.ask<{ url: string }>({ start });
    return {
      url,
      stats: () => child.ask<EmulatorStats>({ stats: true }),
      taskIds: () => child.ask<TaskIds>({ taskIds: true }),
      close: async () => {
        await child.ask({ close: true }).catch(() => undefined);
        await child.stop();
      },
    };
  } catch (error: unknown) {
    await child.stop(1_000);
    throw error;
  }
}
