/**
 * Lifecycle status from every source's own vocabulary: ServiceNow install_status (codes and labels),
 * NetBox status, iTop status, cloud instance states, GLPI states (English and French defaults).
 *
 * The question the workbench asks is "should discovery see this CI?", so cloud run states all mean
 * installed (a stopped instance still exists and still belongs in the CMDB) and only deletion means
 * retired.
 */
import type { LifecycleStatus } from '../domain/attributes.js';

/** Sources whose words clash with another source's meaning of the same word. */
export type LifecycleSource = 'gcp';

const SEPARATORS = /[\s_-]+/g;

const STATUS: ReadonlyMap<string, LifecycleStatus> = new Map<string, LifecycleStatus>([
  // ServiceNow install_status codes (sys_choice on cmdb_ci.install_status)
  ['0', 'unknown'],
  ['1', 'installed'],
  ['2', 'planned'], // On Order
  ['3', 'in_maintenance'],
  ['4', 'planned'], // Pending Install
  ['5', 'in_maintenance'], // Pending Repair
  ['6', 'in_stock'],
  ['7', 'retired'],
  ['8', 'absent'], // Stolen
  ['100', 'absent'],
  // ServiceNow labels, and the generic words people put in spreadsheets
  ['installed', 'installed'],
  ['in use', 'installed'],
  ['inuse', 'installed'],
  ['on order', 'planned'],
  ['ordered', 'planned'],
  ['in maintenance', 'in_maintenance'],
  ['maintenance', 'in_maintenance'],
  ['under maintenance', 'in_maintenance'],
  ['pending install', 'planned'],
  ['pending installation', 'planned'],
  ['pending repair', 'in_maintenance'],
  ['in repair', 'in_maintenance'],
  ['repair', 'in_maintenance'],
  ['broken', 'in_maintenance'],
  ['in stock', 'in_stock'],
  ['spare', 'in_stock'],
  ['retired', 'retired'],
  ['decommissioned', 'retired'],
  ['disposed', 'retired'],
  ['archived', 'retired'],
  ['end of life', 'retired'],
  ['eol', 'retired'],
  ['stolen', 'absent'],
  ['absent', 'absent'],
  ['missing', 'absent'],
  ['lost', 'absent'],
  ['operational', 'installed'],
  ['deployed', 'installed'],
  ['live', 'installed'],
  ['in production', 'installed'],
  ['unknown', 'unknown'],
  // NetBox device / VM status
  ['active', 'installed'],
  ['offline', 'in_maintenance'], // still racked, deliberately down: not a discovery gap
  ['planned', 'planned'],
  ['staged', 'planned'],
  ['failed', 'in_maintenance'],
  ['inventory', 'in_stock'],
  ['decommissioning', 'retired'],
  // iTop FunctionalCI status
  ['production', 'installed'],
  ['implementation', 'planned'],
  ['obsolete', 'retired'],
  ['stock', 'in_stock'],
  ['inactive', 'retired'], // iTop applications/solutions: no longer in use
  // AWS EC2 State.Name
  ['pending', 'installed'],
  ['running', 'installed'],
  ['stopping', 'installed'],
  ['stopped', 'installed'],
  ['shutting down', 'retired'],
  ['terminated', 'retired'],
  // Azure power states ("PowerState/running" and "VM running" lose their prefix first)
  ['starting', 'installed'],
  ['deallocating', 'installed'],
  ['deallocated', 'installed'],
  // GCP instance status (TERMINATED is handled by source, see below)
  ['provisioning', 'installed'],
  ['staging', 'installed'],
  ['suspending', 'installed'],
  ['suspended', 'installed'],
  ['repairing', 'in_maintenance'],
  ['deleted', 'retired'],
  // GLPI default states, French installs
  ['en service', 'installed'],
  ['en production', 'installed'],
  ['en stock', 'in_stock'],
  ['en panne', 'in_maintenance'],
  ['en réparation', 'in_maintenance'],
  ['en reparation', 'in_maintenance'],
  ['en maintenance', 'in_maintenance'],
  ['réformé', 'retired'],
  ['reforme', 'retired'],
  ['au rebut', 'retired'],
  ['rebut', 'retired'],
  ['hors service', 'retired'],
  ['commandé', 'planned'],
  ['commande', 'planned'],
]);

const PREFIX = /^(?:powerstate\/|vm )/;

/**
 * Canonical lifecycle status; 'unknown' for empty or unrecognised input. Case-insensitive, and `_`,
 * `-` and spaces are interchangeable ("In_Stock", "shutting-down").
 * `source: 'gcp'` is needed for GCP instances, whose TERMINATED means stopped (the instance still
 * exists), unlike AWS's terminated (deleted).
 */
export function normalizeLifecycle(
  input: string | number | null | undefined,
  source?: LifecycleSource,
): LifecycleStatus {
  if (input == null) return 'unknown';
  let key = typeof input === 'number' ? String(input) : input.trim().toLowerCase();
  let status = STATUS.get(key);
  if (status === undefined) {
    key = key.replace(PREFIX, '').replace(SEPARATORS, ' ').trim();
    status = STATUS.get(key);
    if (status === undefined) return 'unknown';
  }
  return source === 'gcp' && key === 'terminated' ? 'installed' : status;
}
