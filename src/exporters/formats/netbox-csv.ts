import { normalizeLifecycle } from '../../normalize/index.js';
import { csvLine } from '../../util/csv-write.js';
import type { CiChange } from '../compile.js';
import type { ExportFile, ExportFormat, Rendered } from '../format.js';
import { readme, TASKS_FILE, UNSUPPORTED_FILE, unsupportedList, verificationTasks } from '../side-files.js';

/**
 * NetBox bulk-import CSV, where the data fits NetBox's model: lower-case field names as headers, related
 * objects by name, enumerations by key. A new device needs a device type (the model) and a site (the
 * location); a new VM needs a cluster or a site. An update needs the NetBox id, which only CMDB records
 * imported from NetBox have ("device:<id>", "vm:<id>"); it goes to a separate *-update file with an id
 * column (NetBox's update mode). Everything else is listed in unsupported.csv.
 */

const STATUS: Record<string, string> = {
  installed: 'active',
  in_maintenance: 'offline',
  planned: 'planned',
  in_stock: 'inventory',
  retired: 'decommissioning',
  absent: 'offline',
};

const ROLE: Record<string, string> = {
  computer: 'Server',
  hypervisor: 'Hypervisor',
  network_device: 'Network device',
  printer: 'Printer',
  storage: 'Storage',
};

const DEVICE_COLUMNS = [
  'id',
  'name',
  'role',
  'manufacturer',
  'device_type',
  'site',
  'status',
  'serial',
  'asset_tag',
];
const VM_COLUMNS = ['id', 'name', 'status', 'site', 'cluster', 'vcpus', 'memory', 'disk'];

type Row = Record<string, string>;

function text(v: unknown): string {
  return v === null || v === undefined ? '' : String(v);
}

function netboxId(c: CiChange): { kind: 'device' | 'vm'; id: string } | null {
  const m = /^(device|vm):(\d+)$/.exec(c.ci.record?.key ?? '');
  return m ? { kind: m[1] as 'device' | 'vm', id: m[2]! } : null;
}

export const netboxCsv: ExportFormat = {
  id: 'netbox-csv',
  description: 'NetBox bulk-import CSV for devices and virtual machines, where the data fits',
  render(_items, plan): Rendered {
    const unsupported: { seq: number; reason: string }[] = [];
    const out = { device: [] as Row[], deviceUpdate: [] as Row[], vm: [] as Row[], vmUpdate: [] as Row[] };
    for (const c of plan.cis) {
      const s = c.set;
      const virtual = c.ci.virtual === true || s.virtual === true;
      const status =
        s.status !== undefined ? (STATUS[normalizeLifecycle(text(s.status))] ?? 'active') : undefined;
      if (c.create) {
        const name = text(s.name);
        if (virtual) {
          if (!s.cluster && !s.location) {
            unsupported.push({
              seq: c.items[0]!,
              reason: 'a NetBox VM needs a cluster or a site; discovery gave neither',
            });
            continue;
          }
          out.vm.push({
            name,
            status: status ?? 'active',
            site: s.cluster ? '' : text(s.location),
            cluster: text(s.cluster),
            vcpus: text(s.cpu_count),
            memory: text(s.ram_mb),
            disk: text(s.disk_gb),
          });
        } else {
          if (!s.model || !s.location) {
            unsupported.push({
              seq: c.items[0]!,
              reason: `a NetBox device needs a device type and a site; discovery gave ${!s.model && !s.location ? 'neither' : s.model ? 'no location' : 'no model'}`,
            });
            continue;
          }
          out.device.push({
            name,
            role: ROLE[c.ci.ciType ?? 'computer'] ?? 'Server',
            manufacturer: text(s.manufacturer),
            device_type: text(s.model),
            site: text(s.location),
            status: status ?? 'active',
            serial: text(s.serial_number),
            asset_tag: text(s.asset_tag),
          });
        }
        continue;
      }
      const nb = netboxId(c);
      const written = Object.keys(s);
      if (written.length === 0) continue;
      if (!nb) {
        for (const a of written)
          unsupported.push({
            seq: c.setBy[a]!,
            reason: 'NetBox updates need the NetBox id; this CMDB record is not from NetBox',
          });
        continue;
      }
      const row: Row = { id: nb.id };
      const map: Record<string, string> =
        nb.kind === 'vm'
          ? { name: 'name', cpu_count: 'vcpus', ram_mb: 'memory', disk_gb: 'disk' }
          : {
              name: 'name',
              serial_number: 'serial',
              asset_tag: 'asset_tag',
              model: 'device_type',
              location: 'site',
            };
      for (const a of written) {
        if (a === 'status') row.status = status!;
        else if (map[a]) row[map[a]!] = text(s[a]);
        else
          unsupported.push({
            seq: c.setBy[a]!,
            reason: `${a}: no NetBox ${nb.kind === 'vm' ? 'virtual machine' : 'device'} field this file sets`,
          });
      }
      if (Object.keys(row).length > 1) (nb.kind === 'vm' ? out.vmUpdate : out.deviceUpdate).push(row);
    }
    for (const r of plan.relations)
      for (const seq of r.items)
        unsupported.push({
          seq,
          reason: `relationships (${r.type}) are not part of NetBox's device and VM import`,
        });

    const files: ExportFile[] = [];
    const write = (path: string, columns: string[], rows: Row[], withId: boolean) => {
      if (rows.length === 0) return;
      const cols = columns.filter((c) => (c === 'id' ? withId : rows.some((r) => r[c])));
      files.push({
        path,
        content: [csvLine(cols), ...rows.map((r) => csvLine(cols.map((c) => r[c] ?? '')))].join(''),
      });
    };
    write('netbox/dcim.devices.csv', DEVICE_COLUMNS, out.device, false);
    write('netbox/dcim.devices-update.csv', DEVICE_COLUMNS, out.deviceUpdate, true);
    write('netbox/virtualization.virtual-machines.csv', VM_COLUMNS, out.vm, false);
    write('netbox/virtualization.virtual-machines-update.csv', VM_COLUMNS, out.vmUpdate, true);
    const tasks = verificationTasks(plan);
    if (tasks) files.push(tasks);
    const deduped = [...new Map(unsupported.map((u) => [`${u.seq}\u0000${u.reason}`, u])).values()].sort(
      (a, b) => a.seq - b.seq || (a.reason < b.reason ? -1 : 1),
    );
    const list = unsupportedList(deduped);
    if (list) files.push(list);
    files.push(
      readme([
        'NetBox bulk-import CSV (Import in the device and virtual machine lists, or POST the rows to the REST API).',
        '',
        'netbox/dcim.devices.csv and netbox/virtualization.virtual-machines.csv create objects; the *-update.csv files',
        'carry an id column and update existing objects (NetBox 3.4+). Related objects are named: role, manufacturer,',
        'device_type, site and cluster must exist in NetBox with these names. Memory is in MB, disk in GB.',
        `${UNSUPPORTED_FILE}: changes that do not fit NetBox's model (relationships, owners, records not from NetBox).`,
        `${TASKS_FILE}: verification tasks for people (no CMDB write).`,
        'The inverse/ directory holds the plan that undoes this one, in the same form.',
      ]),
    );
    const warnings =
      deduped.length > 0
        ? [`${deduped.length} change(s) do not fit NetBox CSV: see ${UNSUPPORTED_FILE}`]
        : [];
    return {
      files,
      warnings,
      unsupported: deduped,
      counts: {
        devices: out.device.length,
        deviceUpdates: out.deviceUpdate.length,
        vms: out.vm.length,
        vmUpdates: out.vmUpdate.length,
        unsupported: deduped.length,
      },
    };
  },
};
