import type { Problem } from '../../changesets/validate.js';
import { normalizeLifecycle } from '../../normalize/index.js';
import { csvLine } from '../../util/csv-write.js';
import type { CiChange, CiTarget } from '../compile.js';
import type { ExportFile, ExportFormat, Rendered } from '../format.js';
import { readme, TASKS_FILE, UNSUPPORTED_FILE, unsupportedList, verificationTasks } from '../side-files.js';

/**
 * iTop CSV import files, one per iTop class, with attribute codes as headers (load with no_localize=1)
 * and external keys as `extkey->name` columns. Rows are matched on the reconciliation keys name +
 * org_id->name (pass --reconciliationkeys="name,org_id->name", and simulate=1 first). A VM's Hosted on
 * relationship is its virtualhost_id; other relationships, and owners and support groups (iTop keeps those
 * as a contacts link set this file would overwrite), are listed in unsupported.csv.
 */

const ITOP_STATUS: Record<string, string> = {
  installed: 'production',
  in_maintenance: 'production',
  planned: 'implementation',
  in_stock: 'stock',
  retired: 'obsolete',
  absent: 'obsolete',
};

/** Canonical attribute -> iTop attribute code, per class family. */
const COLUMNS: Record<string, Record<string, string>> = {
  Server: {
    serial_number: 'serialnumber',
    asset_tag: 'asset_number',
    manufacturer: 'brand_id->name',
    model: 'model_id->name',
    os: 'osfamily_id->name',
    os_version: 'osversion_id->name',
    cpu_count: 'cpu',
    ram_mb: 'ram',
    ip_address: 'managementip',
    location: 'location_id->name',
  },
  VirtualMachine: {
    os: 'osfamily_id->name',
    os_version: 'osversion_id->name',
    cpu_count: 'cpu',
    ram_mb: 'ram',
    ip_address: 'managementip',
  },
  Hypervisor: {},
  NetworkDevice: {
    serial_number: 'serialnumber',
    asset_tag: 'asset_number',
    manufacturer: 'brand_id->name',
    model: 'model_id->name',
    ip_address: 'managementip',
    location: 'location_id->name',
  },
  Printer: {
    serial_number: 'serialnumber',
    asset_tag: 'asset_number',
    manufacturer: 'brand_id->name',
    model: 'model_id->name',
    location: 'location_id->name',
  },
};

const ORDER = [
  'name',
  'org_id->name',
  'status',
  'virtualhost_id->name',
  'serialnumber',
  'asset_number',
  'brand_id->name',
  'model_id->name',
  'osfamily_id->name',
  'osversion_id->name',
  'cpu',
  'ram',
  'managementip',
  'location_id->name',
];

export function itopClassOf(ci: CiTarget): string {
  const cls = ci.className;
  const type = ci.ciType ?? '';
  if (type === 'hypervisor' || cls === 'cmdb_ci_esx_server') return 'Hypervisor';
  if (type === 'network_device' || /^cmdb_ci_(ip_|netgear)/.test(cls)) return 'NetworkDevice';
  if (type === 'printer' || cls === 'cmdb_ci_printer') return 'Printer';
  return ci.virtual ? 'VirtualMachine' : 'Server';
}

function organisation(c: CiChange, configured: string | null): string | null {
  return configured ?? (typeof c.set.company === 'string' ? c.set.company : null);
}

export const itopCsv: ExportFormat = {
  id: 'itop-csv',
  description:
    'iTop CSV import per class (attribute codes, extkey->name columns, reconciliation keys name + org)',
  check(item, ctx): Problem[] {
    if (ctx.itopOrganization || item.kind !== 'create_ci') return [];
    const values = (item.proposal as { values: Record<string, unknown> }).values;
    return values.company
      ? []
      : [
          {
            seq: item.seq,
            severity: 'warning',
            code: 'required_field',
            message:
              'iTop needs an organization (org_id) for every CI: set one with cmdbw config WS itop.organization NAME or --itop-org',
          },
        ];
  },
  render(_items, plan, ctx): Rendered {
    const unsupported: { seq: number; reason: string }[] = [];
    const hostOf = new Map<string, { host: string; items: number[] }>();
    for (const r of plan.relations) {
      if (/^hosted on::/i.test(r.type) && r.op === 'add')
        hostOf.set(r.parent.id, { host: r.child.name ?? '', items: r.items });
    }
    for (const r of plan.relations) {
      const hostedOn = /^hosted on::/i.test(r.type);
      if (hostedOn && (r.op === 'add' || hostOf.has(r.parent.id))) continue;
      for (const seq of r.items)
        unsupported.push({
          seq,
          reason: hostedOn
            ? 'a VM must keep a host in iTop (virtualhost_id): a removed Hosted on relationship without a new host is not expressible'
            : `iTop has no ${r.type} relationship attribute this file can set`,
        });
    }
    const rows = new Map<string, { row: Record<string, string>; items: number[] }[]>();
    let missingOrg = 0;
    const seen = new Set<string>();
    const emit = (cls: string, row: Record<string, string>, items: number[]) => {
      const list = rows.get(cls) ?? [];
      list.push({ row, items });
      rows.set(cls, list);
    };
    for (const c of plan.cis) {
      const cls = itopClassOf(c.ci);
      const columns = COLUMNS[cls]!;
      const row: Record<string, string> = { name: c.ci.identifiers.name ?? c.ci.name ?? '' };
      const org = organisation(c, ctx.itopOrganization);
      row['org_id->name'] = org ?? '';
      if (!org) missingOrg++;
      for (const [attribute, value] of Object.entries(c.set)) {
        if (
          attribute === 'name' ||
          attribute === 'company' ||
          attribute === 'virtual' ||
          attribute === 'host_ref'
        )
          continue;
        if (attribute === 'status') {
          row.status = ITOP_STATUS[normalizeLifecycle(String(value))] ?? String(value);
          continue;
        }
        const by = c.setBy[attribute]!;
        if (attribute === 'owner' || attribute === 'support_group') {
          if (!c.create)
            unsupported.push({
              seq: by,
              reason: `${attribute}: iTop keeps contacts as a link set (contacts_list); set it in iTop`,
            });
          continue;
        }
        const code = columns[attribute];
        if (!code) {
          if (!c.create) unsupported.push({ seq: by, reason: `${attribute}: no ${cls} attribute holds it` });
          continue;
        }
        row[code] =
          value === null || value === undefined
            ? ''
            : typeof value === 'object'
              ? JSON.stringify(value)
              : String(value);
      }
      if (c.create && !row.status) row.status = 'production';
      const host = hostOf.get(c.ci.id);
      if (cls === 'VirtualMachine' && (host || (c.create && typeof c.set.host_ref === 'string')))
        row['virtualhost_id->name'] = host?.host ?? String(c.set.host_ref);
      seen.add(c.ci.id);
      if (Object.keys(row).length > 2 || c.create) emit(cls, row, c.items);
    }
    // VMs whose only change is their host.
    for (const r of plan.relations) {
      if (r.op !== 'add' || !/^hosted on::/i.test(r.type) || seen.has(r.parent.id)) continue;
      seen.add(r.parent.id);
      const org = ctx.itopOrganization;
      if (!org) missingOrg++;
      emit(
        'VirtualMachine',
        {
          name: r.parent.identifiers.name ?? r.parent.name ?? '',
          'org_id->name': org ?? '',
          'virtualhost_id->name': r.child.name ?? '',
        },
        r.items,
      );
    }
    const files: ExportFile[] = [];
    for (const cls of [...rows.keys()].sort()) {
      const list = rows.get(cls)!;
      const present = new Set(list.flatMap((r) => Object.keys(r.row)));
      const columns = ORDER.filter((c) => present.has(c));
      const lines = [csvLine(columns)];
      for (const { row } of list) lines.push(csvLine(columns.map((c) => row[c] ?? '')));
      files.push({ path: `itop/${cls}.csv`, content: lines.join('') });
    }
    const tasks = verificationTasks(plan);
    if (tasks) files.push(tasks);
    const dedupedUnsupported = dedupe(unsupported);
    const list = unsupportedList(dedupedUnsupported);
    if (list) files.push(list);
    const warnings: string[] = [];
    if (missingOrg > 0)
      warnings.push(
        `${missingOrg} row(s) have no organization (org_id->name is mandatory in iTop): set one with cmdbw config WS itop.organization NAME or --itop-org`,
      );
    if (dedupedUnsupported.length > 0)
      warnings.push(
        `${dedupedUnsupported.length} change(s) cannot be expressed in iTop CSV: see ${UNSUPPORTED_FILE}`,
      );
    files.push(
      readme([
        'iTop CSV import files, one per class (itop/<Class>.csv), UTF-8, comma-separated, attribute codes as headers.',
        '',
        'Load each with the CSV import (webservices/import.php or the CLI) using:',
        '  class=<Class> no_localize=1 charset=UTF-8 separator=, reconciliationkeys="name,org_id->name"',
        'and run it with simulate=1 first to see what iTop would do. Columns named extkey->name (org_id->name,',
        'brand_id->name, osfamily_id->name, virtualhost_id->name...) are external keys looked up by name.',
        "Retired CIs get status obsolete. A VM's Hosted on relationship is its virtualhost_id.",
        `${UNSUPPORTED_FILE}: changes iTop CSV cannot express (other relationships, contacts).`,
        `${TASKS_FILE}: verification tasks for people (no CMDB write).`,
        'The inverse/ directory holds the plan that undoes this one, in the same form.',
      ]),
    );
    return {
      files,
      warnings,
      unsupported: dedupedUnsupported,
      counts: {
        classes: rows.size,
        rows: [...rows.values()].reduce((n, r) => n + r.length, 0),
        unsupported: dedupedUnsupported.length,
      },
    };
  },
};

function dedupe(list: { seq: number; reason: string }[]): { seq: number; reason: string }[] {
  const seen = new Set<string>();
  return list
    .filter((u) => {
      const k = `${u.seq}\u0000${u.reason}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => a.seq - b.seq || (a.reason < b.reason ? -1 : 1));
}
