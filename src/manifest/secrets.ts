/**
 * Keys that look like credentials. Credentials come from the Alibaba Cloud
 * credential chain, never from manifests: manifests are committed, shared
 * and printed in reports.
 */

// Folded (lower case, no separators) key fragments that name a credential.
const SECRET_FRAGMENTS = [
  'accesskey',
  'secret',
  'securitytoken',
  'ststoken',
  'token',
  'password',
  'passwd',
  'credential',
  'privatekey',
  'apikey',
  'signature',
  'authorization',
  'akid',
  'aksecret',
];

// Whole keys too short to search for inside others ("sk" is in "task"):
// the AK/SK pair, as Alibaba Cloud names it.
const SECRET_KEYS = new Set(['sk', 'aksk', 'ak']);

/** True when a key's name suggests it holds a credential. */
export function isSecretKey(key: string): boolean {
  const folded = key.toLowerCase().replace(/[-_\s.]/g, '');
  return SECRET_KEYS.has(folded) ||
    SECRET_FRAGMENTS.some((f) => folded.includes(f));
}

/** The advice every secret diagnostic gives, without the value. */
export const CREDENTIALS_HINT =
  'remove it; dwmigrate takes credentials from ALIBABA_CLOUD_ACCESS_KEY_ID ' +
  'and ALIBABA_CLOUD_ACCESS_KEY_SECRET, a CLI profile ' +
  '(ALIBABA_CLOUD_PROFILE or --profile), ~/.alibabacloud/credentials or ' +
  'the ECS instance role. If the value was ever committed, rotate it.';
