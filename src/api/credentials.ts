/**
 * Access keys from the standard Alibaba Cloud credential chain
 * (environment, OIDC, CLI profile, credentials file, instance role), never
 * from manifests. Only the masked key ID ever leaves this module in text.
 */
import Credential from '@alicloud/credentials';
import type { Logger } from 'winston';
import { CredentialsError, messageOf } from '../errors.js';

/** What the run knows about its identity; safe to log and report. */
export interface Identity {
  /** e.g. `LTAI****1234`; never the full ID. */
  maskedKeyId: string;
  /** Which link of the chain provided the key. */
  provider: string;
  /** Full key ID, for budgets and journals; never printed. */
  keyIdForBudget: string;
}

/** A credential usable by the client library, with its identity. */
export interface LoadedCredential {
  credential: Credential.default;
  identity: Identity;
}

/** Mask an access key ID: keep a short head and tail only. */
export function maskKeyId(keyId: string): string {
  if (keyId.length <= 8) return `${keyId.slice(0, 2)}****`;
  return `${keyId.slice(0, 4)}****${keyId.slice(-4)}`;
}

/**
 * Resolve the credential chain once, so that a missing key fails before
 * any planning, with a message that says where keys belong.
 */
export async function loadCredential(
  env: NodeJS.ProcessEnv,
  profile?: string,
  logger?: Logger,
): Promise<LoadedCredential> {
  // The chain reads the profile name from the process environment only.
  if (profile) process.env.ALIBABA_CLOUD_PROFILE = profile;

  let credential: Credential.default;
  let keyId: string;
  let provider: string;
  try {
    credential = new Credential.default();
    const model = await credential.getCredential();
    keyId = model.accessKeyId ?? '';
    provider = model.providerName ?? model.type ?? 'default';
  } catch (error: unknown) {
    // The library's message walks its whole chain (instance metadata
    // included) and helps nobody; it goes to the debug log only.
    logger?.debug('credential chain failed', {
      detail: scrub(messageOf(error), env),
    });
    throw new CredentialsError(
      'no Alibaba Cloud credentials found. Set ' +
        'ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, ' +
        'or name a CLI profile with --profile or ALIBABA_CLOUD_PROFILE ' +
        '(keys never go in manifests)',
      'CREDENTIALS_MISSING',
    );
  }
  if (!keyId) {
    throw new CredentialsError(
      'the credential chain returned no access key ID',
      'CREDENTIALS_MISSING',
    );
  }
  return {
    credential,
    identity: {
      maskedKeyId: maskKeyId(keyId),
      provider,
      keyIdForBudget: keyId,
    },
  };
}

/** Remove any secret from the environment that a message might echo. */
export function scrub(text: string, env: NodeJS.ProcessEnv): string {
  let out = text;
  for (const name of [
    'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    'ALIBABA_CLOUD_SECURITY_TOKEN',
    'ALICLOUD_ACCESS_KEY_SECRET',
  ]) {
    const secret = env[name];
    if (secret && secret.length >= 4) out = out.split(secret).join('****');
  }
  return out;
}
