/** The 8 permissions of pkg/auth/rbac.go. */
export type Permission = 'job:view' | 'job:create' | 'job:stop' | 'job:export' | 'trace:view' | 'tool:execute' | 'agent:manage' | 'audit:view';

/** Role → permissions (contract §2.2). */
export const ROLE_PERMISSIONS: Record<string, ReadonlySet<Permission>> = {
  admin: new Set<Permission>(['job:view', 'job:create', 'job:stop', 'job:export', 'trace:view', 'tool:execute', 'agent:manage', 'audit:view']),
  operator: new Set<Permission>(['job:view', 'job:stop', 'job:export', 'trace:view', 'tool:execute']),
  auditor: new Set<Permission>(['job:view', 'job:export', 'trace:view', 'audit:view']),
  user: new Set<Permission>(['job:view', 'job:create', 'trace:view']),
};

/** In-memory (tenant, user) → role map; absent pairs are `user` (pkg/auth/role_store.go). */
export class RoleStore {
  private readonly roles = new Map<string, string>();

  /** Seeds the entries Aetheris's API seeds at start (contract §2.3). */
  constructor(authEnabled: boolean) {
    this.assign('default', 'admin', 'admin');
    this.assign('default', 'test', 'user');
    if (!authEnabled) this.assign('default', 'anonymous', 'admin');
  }

  /** Gives `user` the `role` in `tenant`. */
  assign(tenant: string, user: string, role: string): void {
    this.roles.set(`${tenant}\u0000${user}`, role);
  }

  /** The role of `user` in `tenant`. */
  roleOf(tenant: string, user: string): string {
    return this.roles.get(`${tenant}\u0000${user}`) ?? 'user';
  }

  /** Whether `user` in `tenant` holds `perm`. */
  allows(tenant: string, user: string, perm: Permission): boolean {
    return ROLE_PERMISSIONS[this.roleOf(tenant, user)]?.has(perm) ?? false;
  }
}
