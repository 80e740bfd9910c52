/**
 * The AccessKeys the emulator accepts, changeable at run time (tests
 * revoke a key halfway through a run).
 */
import type { AccountConfig } from './config.js';

/** An account as the emulator keeps it. */
export interface Account {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  disabled: boolean;
  name: string;
}

/** An account as admin endpoints show it: no secret, no token. */
export interface AccountView {
  accessKeyId: string;
  name: string;
  disabled: boolean;
  sts: boolean;
}

/** Accounts by AccessKey ID. */
export class AccountRegistry {
  private readonly byId = new Map<string, Account>();

  constructor(accounts: readonly AccountConfig[]) {
    for (const account of accounts) this.add(account);
  }

  /** Add or replace an account. */
  add(config: AccountConfig): Account {
    const account: Account = {
      accessKeyId: config.accessKeyId,
      accessKeySecret: config.accessKeySecret,
      securityToken: config.securityToken,
      disabled: config.disabled ?? false,
      name: config.name ?? config.accessKeyId,
    };
    this.byId.set(account.accessKeyId, account);
    return account;
  }

  get(accessKeyId: string): Account | undefined {
    return this.byId.get(accessKeyId);
  }

  /** Enable or disable a key; false when the key is unknown. */
  setDisabled(accessKeyId: string, disabled: boolean): boolean {
    const account = this.byId.get(accessKeyId);
    if (!account) return false;
    account.disabled = disabled;
    return true;
  }

  /** Every account without its secrets. */
  list(): AccountView[] {
    return [...this.byId.values()].map((account) => ({
      accessKeyId: account.accessKeyId,
      name: account.name,
      disabled: account.disabled,
      sts: account.securityToken !== undefined,
    }));
  }
}
