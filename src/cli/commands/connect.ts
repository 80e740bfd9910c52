/** What `plan` and `apply` share: credentials, endpoints and the client. */
import { DataWorksClient } from '../../api/client.js';
import { loadCredential } from '../../api/credentials.js';
import type { Identity } from '../../api/credentials.js';
import type { EndpointOverrides } from '../../api/endpoints.js';
import type { CommandContext } from '../context.js';

/** Flags both commands accept for reaching the service. */
export const CONNECT_OPTIONS = {
  endpoint: { type: 'string', multiple: true },
  profile: { type: 'string' },
  timeout: { type: 'string' },
} as const;

export const CONNECT_HELP = `\
  --endpoint URL          send every region's calls to URL
  --endpoint REGION=URL   send one region's calls to URL (repeatable)
  --profile NAME          Alibaba Cloud CLI profile for credentials
  --timeout MS            read timeout of one call (default 10000)`;

export interface Connection {
  api: DataWorksClient;
  identity: Identity;
}

/**
 * Resolve credentials (the standard chain; ALIBABA_CLOUD_REGION_ID is not
 * needed: each workspace names its region) and build the client.
 */
export async function connect(
  ctx: CommandContext,
  options: {
    endpoints: EndpointOverrides;
    profile?: string;
    timeoutMs: number;
  },
): Promise<Connection> {
  const { endpoints } = options;
  const { credential, identity } = await loadCredential(
    ctx.env,
    options.profile ?? ctx.env.ALIBABA_CLOUD_PROFILE,
    ctx.logger,
  );
  const api = new DataWorksClient({
    credential,
    endpoints,
    readTimeoutMs: options.timeoutMs,
  });
  return { api, identity };
}
