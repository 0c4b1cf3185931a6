/** Users and groups of an image, from its /etc/passwd and /etc/group. */
export interface Account {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

export interface AccountDatabase {
  users: Account[];
  groups: Array<{ name: string; gid: number }>;
}

export function parseAccounts(passwd: string | undefined, group: string | undefined): AccountDatabase {
  const users = (passwd ?? '')
    .split('\n')
    .map((line) => line.split(':'))
    .filter((fields) => fields.length >= 6 && /^\d+$/.test(fields[2]) && /^\d+$/.test(fields[3]))
    .map(([name, , uid, gid, , home]) => ({ name, uid: Number(uid), gid: Number(gid), home }));
  const groups = (group ?? '')
    .split('\n')
    .map((line) => line.split(':'))
    .filter((fields) => fields.length >= 3 && /^\d+$/.test(fields[2]))
    .map(([name, , gid]) => ({ name, gid: Number(gid) }));
  return { users, groups };
}

/**
 * The numeric uid:gid for a Docker `user` string (`nginx`, `1000`, `app:staff`, `1000:1000`, ``),
 * as the engine resolves it: names through the image's own account files; no group means the
 * user's primary group (gid 0 for a uid the image does not list). Undefined when a name is unknown.
 */
export function resolveUser(user: string, accounts: AccountDatabase): { uid: number; gid: number } | undefined {
  if (user === '') return { uid: 0, gid: 0 };
  const [userPart, groupPart] = user.split(':');
  const account = /^\d+$/.test(userPart)
    ? accounts.users.find((candidate) => candidate.uid === Number(userPart)) ?? { uid: Number(userPart), gid: 0 }
    : accounts.users.find((candidate) => candidate.name === userPart);
  if (!account) return undefined;
  if (groupPart === undefined || groupPart === '') return { uid: account.uid, gid: account.gid };
  if (/^\d+$/.test(groupPart)) return { uid: account.uid, gid: Number(groupPart) };
  const group = accounts.groups.find((candidate) => candidate.name === groupPart);
  return group ? { uid: account.uid, gid: group.gid } : undefined;
}
