import os from 'node:os';
import { appendAudit } from '../audit/audit-log.js';
import { DATA_SOURCE_SETTING, DEFAULT_DATA_SOURCE, ITOP_ORG_SETTING } from '../exporters/export-changeset.js';
import { UserError } from '../util/errors.js';
import type { Workspace } from '../workspace/workspace.js';
import { RETIRE_SETTING } from './create.js';
import { DEFAULT_SETTINGS } from './model.js';

/**
 * Workspace settings people set with `cmdbw config` (kept in workspace_meta, changes audited): who acts in
 * the audit trail, and the defaults of planning and export.
 */

export interface SettingInfo {
  key: string;
  description: string;
  /** What applies when the setting is not set. */
  fallback: () => string;
  validate?: (value: string) => string | null;
}

export const SETTINGS: readonly SettingInfo[] = [
  {
    key: 'user',
    description: 'who acts, recorded in the audit trail (--user overrides it per command)',
    fallback: () => {
      try {
        return `${os.userInfo().username} (the OS user)`;
      } catch {
        return 'the OS user';
      }
    },
    validate: (v) => (v.trim() === '' ? 'the user name cannot be empty' : null),
  },
  {
    key: DATA_SOURCE_SETTING,
    description: 'ServiceNow discovery_source choice the IRE payloads carry (sysparm_data_source)',
    fallback: () => DEFAULT_DATA_SOURCE,
    validate: (v) =>
      /^\S(.*\S)?$/.test(v) ? null : 'the data source name cannot be empty or start or end with spaces',
  },
  {
    key: ITOP_ORG_SETTING,
    description: 'iTop organization (org_id->name) of the CIs in iTop CSV exports',
    fallback: () => "the CI's company, when known",
  },
  {
    key: RETIRE_SETTING,
    description:
      'days since the CMDB last discovered a CI nobody sees before the plan retires it (else: verify)',
    fallback: () => String(DEFAULT_SETTINGS.retireAfterDays),
    validate: (v) => (/^\d+$/.test(v) ? null : 'the retirement threshold is a whole number of days'),
  },
];

export function settingInfo(key: string): SettingInfo {
  const s = SETTINGS.find((x) => x.key === key);
  if (!s)
    throw new UserError(
      'UNKNOWN_SETTING',
      `unknown setting "${key}" (settings: ${SETTINGS.map((x) => x.key).join(', ')})`,
    );
  return s;
}

export function listSettings(
  ws: Workspace,
): { key: string; value: string | null; effective: string; description: string }[] {
  return SETTINGS.map((s) => {
    const value = ws.getMeta(s.key) ?? null;
    return { key: s.key, value, effective: value ?? s.fallback(), description: s.description };
  });
}

/** Sets (or with null, removes) a setting, recording the change with its value before and after. */
export function setSetting(
  ws: Workspace,
  key: string,
  value: string | null,
): { key: string; before: string | null; after: string | null } {
  const info = settingInfo(key);
  if (value !== null) {
    const problem = info.validate?.(value);
    if (problem) throw new UserError('BAD_SETTING', `${key}: ${problem}`);
  }
  return ws.write(() => {
    // Who made the change, as they were known before it (setting "user" changes ws.user).
    const actor = ws.user;
    const before = ws.getMeta(key) ?? null;
    if (value === null) ws.db.prepare('DELETE FROM workspace_meta WHERE key = ?').run(key);
    else ws.setMeta(key, value);
    appendAudit(ws.db, {
      at: ws.now(),
      actor,
      action: 'config',
      target: `setting:${key}`,
      detail: { key, before, after: value },
    });
    return { key, before, after: value };
  });
}
