import type ExcelJS from 'exceljs';
import type { CiAttributes, PowerState } from '../../domain/attributes.js';
import {
  normalizeIp,
  normalizeManufacturer,
  normalizeUuid,
  parseHostName,
  parseMemoryMb,
  parseOs,
} from '../../normalize/index.js';
import { ImportError } from '../../util/errors.js';
import { readCsv } from '../csv-reader.js';
import { readHead } from '../detect.js';
import { type FieldAliases, type Getter, indexFields, rowGetter } from '../field-index.js';
import type { FormatImporter, ImportSink, InputFile, SourceLocation } from '../types.js';
import { addIssue, parseCount, setIfDefined } from './common.js';

/**
 * RVTools vInfo tab: one row per VM or template, saved as CSV (any delimiter and encoding Excel writes)
 * or the .xlsx workbook RVTools exports (its vInfo sheet). Column names changed across RVTools
 * versions, so columns are found by aliases. Key: VM ID (the vCenter managed object id, vm-1234).
 */

export type RvField =
  | 'vm'
  | 'powerstate'
  | 'template'
  | 'dns'
  | 'ip'
  | 'cpus'
  | 'memory'
  | 'nics'
  | 'annotation'
  | 'datacenter'
  | 'cluster'
  | 'host'
  | 'os_config'
  | 'os_tools'
  | 'vm_id'
  | 'vm_uuid'
  | 'smbios_uuid'
  | 'vcenter'
  | 'folder';

export const RV_ALIASES: FieldAliases<RvField> = {
  vm: ['VM', 'VM Name', 'VMName'],
  powerstate: ['Powerstate', 'Power state', 'Power State'],
  template: ['Template', 'Is Template'],
  dns: ['DNS Name', 'DNSName', 'Guest DNS Name'],
  ip: ['Primary IP Address', 'Primary IP', 'PrimaryIPAddress'],
  cpus: ['CPUs', 'Num CPU', 'NumCPU', 'vCPU', 'vCPUs'],
  memory: ['Memory', 'Memory MB', 'Memory MiB', 'Mem'],
  nics: ['NICs', 'Num NICs'],
  annotation: ['Annotation', 'Notes'],
  datacenter: ['Datacenter', 'Data center', 'Datacentre'],
  cluster: ['Cluster'],
  host: ['Host', 'ESX Host', 'VMHost'],
  os_config: [
    'OS according to the configuration file',
    'OS according to the config file',
    'Config OS',
    'Guest OS',
  ],
  os_tools: ['OS according to the VMware Tools', 'OS according to the VM Tools', 'Tools OS'],
  vm_id: ['VM ID', 'VMID', 'VM Id', 'VM MoRef'],
  vm_uuid: ['VM UUID', 'VMUUID', 'VM Instance UUID'],
  smbios_uuid: ['SMBIOS UUID', 'SMBIOSUUID', 'BIOS UUID'],
  vcenter: ['VI SDK Server', 'VISDKServer', 'vCenter', 'vCenter Server'],
  folder: ['Folder'],
};

const POWER: ReadonlyMap<string, PowerState> = new Map<string, PowerState>([
  ['poweredon', 'on'],
  ['powered on', 'on'],
  ['on', 'on'],
  ['poweredoff', 'off'],
  ['powered off', 'off'],
  ['off', 'off'],
  ['suspended', 'suspended'],
]);

/** "True" as RVTools writes it, and what a localised Excel turns a boolean cell into. */
const TRUE_WORDS = /^(?:true|yes|1|wahr|vrai|verdadero|vero|waar)$/i;
/** Some RVTools versions list every guest address in Primary IP Address. */
const IP_LIST_SEPARATOR = /[,;\s]+/;
const VINFO_SHEET = /^(?:tab)?vinfo$/i;
const XLSX_NAME = /\.xls[xm]$/i;

const VMWARE = normalizeManufacturer('VMware') ?? 'VMware';

interface Layout {
  index: Partial<Record<RvField, number>>;
  /** With an SMBIOS UUID column, VM UUID is the instance UUID; without one, it holds the BIOS UUID. */
  hasSmbios: boolean;
}

function layoutOf(header: readonly string[], file: string, location: SourceLocation): Layout {
  const index = indexFields(header, RV_ALIASES);
  const missing: string[] = [];
  if (index.vm === undefined) missing.push('VM');
  if (index.vm_id === undefined) missing.push('VM ID');
  if (missing.length > 0) {
    throw new ImportError(
      `no ${missing.map((m) => `"${m}"`).join(' or ')} column: this is not an RVTools vInfo export (columns: ${header.join(', ')})`,
      { file, ...location, field: missing[0] },
    );
  }
  return { index, hasSmbios: index.smbios_uuid !== undefined };
}

/** Hex digits once hyphens, braces and spaces are gone: a well-formed UUID, or an `x`-masked one. */
const UUID_SHAPED = /^(?:[0-9a-f]{32}|x{32})$/i;
const UUID_PUNCTUATION = /[\s{}-]/g;

function uuidAttr(
  attrs: CiAttributes,
  v: string | undefined,
  field: string,
  attr: 'bios_uuid' | 'vm_uuid',
  location: SourceLocation,
  sink: ImportSink,
): void {
  if (v === undefined) return;
  const u = normalizeUuid(v);
  if (u !== undefined) {
    attrs[attr] = u;
    return;
  }
  // normalizeUuid also refuses well-formed UUIDs that identify nothing (all zeros, masked, firmware defaults).
  const placeholder = UUID_SHAPED.test(v.replace(UUID_PUNCTUATION, ''));
  if (!placeholder) sink.warn({ message: 'not a UUID', location, field, value: v });
  addIssue(attrs, { field: attr, value: v, problem: placeholder ? 'placeholder' : 'invalid' });
}

/** Maps one vInfo row; emits the record and, for a VM on a known host, its Hosted on relationship. */
function emitRow(
  get: Getter<RvField>,
  layout: Layout,
  raw: string,
  location: SourceLocation,
  file: string,
  sink: ImportSink,
): void {
  const key = get('vm_id');
  if (key === undefined) throw new ImportError('the row has no VM ID', { file, ...location, field: 'VM ID' });
  const attrs: CiAttributes = {};
  const name = get('vm');
  setIfDefined(attrs, 'name', name);

  // The guest's DNS name is the machine's name; the display name is whatever the admin typed in vCenter.
  const dns = parseHostName(get('dns'));
  const display = parseHostName(name);
  if (dns && !dns.isIp) {
    attrs.host_name = dns.host;
    setIfDefined(attrs, 'fqdn', dns.fqdn);
    setIfDefined(attrs, 'dns_domain', dns.domain);
    if (display && !display.isIp && display.host !== dns.host) attrs.aliases = [display.host];
  } else if (display && !display.isIp) {
    attrs.host_name = display.host;
  }

  const ipText = get('ip');
  if (ipText !== undefined) {
    const ips: string[] = [];
    for (const part of ipText.split(IP_LIST_SEPARATOR)) {
      if (part === '') continue;
      const ip = normalizeIp(part);
      if (ip === undefined) {
        sink.warn({ message: 'not an IP address', location, field: 'Primary IP Address', value: part });
        addIssue(attrs, { field: 'ip_address', value: part, problem: 'invalid' });
      } else if (!ips.includes(ip)) ips.push(ip);
    }
    if (ips.length > 0) {
      attrs.ip_address = ips[0];
      attrs.ip_addresses = ips;
    }
  }

  attrs.vm_id = key;
  if (layout.hasSmbios) {
    uuidAttr(attrs, get('smbios_uuid'), 'SMBIOS UUID', 'bios_uuid', location, sink);
    uuidAttr(attrs, get('vm_uuid'), 'VM UUID', 'vm_uuid', location, sink);
  } else {
    uuidAttr(attrs, get('vm_uuid'), 'VM UUID', 'bios_uuid', location, sink);
  }

  setIfDefined(attrs, 'cpu_count', parseCount(get('cpus'), 'CPUs', location, sink));
  const memText = get('memory');
  if (memText !== undefined) {
    const mb = parseMemoryMb(memText, 'MB');
    if (mb === undefined)
      sink.warn({ message: 'not a memory size', location, field: 'Memory', value: memText });
    else attrs.ram_mb = mb;
  }

  // VMware Tools report what the guest runs; the configuration file says what the VM was created as.
  const osText = get('os_tools') ?? get('os_config');
  if (osText !== undefined) {
    attrs.os = osText;
    const os = parseOs(osText);
    if (os) {
      attrs.os_family = os.family;
      setIfDefined(attrs, 'os_name', os.name);
      setIfDefined(attrs, 'os_version', os.version);
    }
  }
  attrs.virtual = true;
  attrs.manufacturer = VMWARE;
  const power = get('powerstate');
  if (power !== undefined) attrs.power_state = POWER.get(power.toLowerCase()) ?? 'unknown';
  attrs.status = 'installed';
  const host = get('host');
  setIfDefined(attrs, 'host_ref', host);
  setIfDefined(attrs, 'cluster', get('cluster'));
  setIfDefined(attrs, 'datacenter', get('datacenter'));

  const extra: Record<string, string | number> = {};
  setIfDefined(extra, 'vcenter', get('vcenter'));
  setIfDefined(extra, 'annotation', get('annotation'));
  setIfDefined(extra, 'folder', get('folder'));
  const nics = get('nics');
  if (nics !== undefined) setIfDefined(extra, 'nics', parseCount(nics, 'NICs', location, sink));
  if (Object.keys(extra).length > 0) attrs.extra = extra;

  const template = get('template');
  const isTemplate = template !== undefined && TRUE_WORDS.test(template);
  sink.record({ key, ciType: isTemplate ? 'template' : 'computer', name, raw, attrs, location });
  if (!isTemplate && host !== undefined) {
    sink.relationship({
      key: `${key}/host`,
      type: 'Hosted on::Hosts',
      parent: { kind: 'key', value: key },
      child: { kind: 'name', value: host },
      raw,
      location,
    });
  }
}

// ---------------------------------------------------------------------------------------------------
// CSV

async function runCsv(file: InputFile, sink: ImportSink, encoding: string | undefined): Promise<void> {
  let layout: Layout | undefined;
  const result = await readCsv(file, {
    encoding,
    onBytes: (n) => sink.progress(n),
    onWarning: (w) => sink.warn(w),
    onHeader: (header, line) => {
      layout = layoutOf(header, file.displayName, { line });
      sink.header?.(header);
    },
    onRow: (row) => {
      const l = layout!;
      emitRow(
        rowGetter(l.index, row.fields),
        l,
        row.raw,
        { line: row.line, record: row.index },
        file.displayName,
        sink,
      );
    },
  });
  sink.encoding?.(result.encoding);
}

// ---------------------------------------------------------------------------------------------------
// XLSX

type CellValue = ExcelJS.CellValue;
/** A cell as stored in `raw`: JSON-friendly, dates as ISO text. */
type RawCell = string | number | boolean | null;

/** JSON-friendly value of a cell: formulas give their result, rich text its plain text, dates ISO text. */
function rawCell(v: CellValue | undefined): RawCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
  if ('result' in v) return rawCell(v.result as CellValue);
  if ('formula' in v || 'sharedFormula' in v) return null;
  if ('text' in v && typeof v.text === 'string') return v.text;
  if ('error' in v) return null;
  return null;
}

function cellText(v: RawCell): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return String(v);
}

function xlsxError(file: InputFile, rowsRead: number, err: unknown): ImportError {
  if (err instanceof ImportError) return err;
  const message = (err as Error)?.message ?? String(err);
  // unzipper's codes for an archive cut short.
  const reason = /FILE_ENDED|unexpected end|invalid signature/i.test(message)
    ? `the archive ends early or is damaged (${message})`
    : message;
  return new ImportError(`not a readable .xlsx workbook: ${reason}`, {
    file: file.displayName,
    record: rowsRead + 1,
  });
}

/**
 * Releases a sheet that is not read. The reader parks sheets that precede the shared strings in temp
 * files and hands each over as a file stream that is still opening; it deletes the temp file as soon as
 * we move on, so an unread stream would fail to open and throw ENOENT with nobody listening.
 */
function discardSheet(sheet: unknown): void {
  const it = (sheet as { iterator?: { on?: (e: string, f: () => void) => void; destroy?: () => void } })
    .iterator;
  if (typeof it?.destroy !== 'function') return;
  it.on?.('error', () => undefined);
  it.destroy();
}

async function readVinfoSheet(
  sheet: AsyncIterable<ExcelJS.Row>,
  sheetName: string,
  file: InputFile,
  sink: ImportSink,
  counter: { rows: number },
): Promise<void> {
  let layout: Layout | undefined;
  let width = 0;
  for await (const row of sheet) {
    const values = row.values as CellValue[];
    if (!layout) {
      const header: string[] = [];
      for (let c = 1; c < values.length; c++) header.push(cellText(rawCell(values[c])).trim());
      width = header.length;
      // Excel leaves trailing empty header cells when a column was cleared.
      while (width > 0 && header[width - 1] === '') width--;
      if (width === 0) continue;
      const names = header.slice(0, width).map((h, i) => (h === '' ? `column ${i + 1}` : h));
      layout = layoutOf(names, file.displayName, { line: row.number });
      sink.header?.(names);
      continue;
    }
    const cells: RawCell[] = [];
    const fields: string[] = [];
    const n = Math.max(width, values.length - 1);
    let empty = true;
    for (let c = 1; c <= n; c++) {
      const v = rawCell(values[c]);
      cells.push(v);
      const t = cellText(v);
      if (c <= width) fields.push(t);
      if (empty && t.trim() !== '') empty = false;
    }
    if (empty) continue;
    const location = { line: row.number, record: ++counter.rows };
    emitRow(rowGetter(layout.index, fields), layout, JSON.stringify(cells), location, file.displayName, sink);
  }
  if (!layout)
    throw new ImportError(`the ${sheetName} sheet is empty (no header row)`, {
      file: file.displayName,
      line: 1,
    });
}

async function runXlsx(file: InputFile, sink: ImportSink): Promise<void> {
  // Loaded on demand: exceljs takes about a second to load, which every import worker and the CLI
  // would otherwise pay at start-up, whatever the format (the bundler hoists static imports).
  const { default: excel } = await import('exceljs');
  const reader = new excel.stream.xlsx.WorkbookReader(file.path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  const sheetNames: string[] = [];
  let found = false;
  const counter = { rows: 0 };
  try {
    // The whole archive is walked, not left after vInfo, so the reader removes its temp files.
    for await (const sheet of reader) {
      const sheetName = (sheet as unknown as { name?: string }).name ?? `Sheet${sheetNames.length + 1}`;
      sheetNames.push(sheetName);
      if (found || !VINFO_SHEET.test(sheetName)) {
        discardSheet(sheet);
        continue;
      }
      found = true;
      await readVinfoSheet(sheet as unknown as AsyncIterable<ExcelJS.Row>, sheetName, file, sink, counter);
    }
  } catch (err) {
    throw xlsxError(file, counter.rows, err);
  }
  if (!found) {
    throw new ImportError(
      `the workbook has no vInfo sheet (sheets: ${sheetNames.length > 0 ? sheetNames.join(', ') : 'none'})`,
      { file: file.displayName, field: 'vInfo' },
    );
  }
  sink.progress(file.size);
}

/** ZIP local-file signature: an .xlsx workbook. */
function isZip(head: Buffer): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

/** OLE2 compound document: an Excel 97-2003 .xls workbook. */
function isOle2(head: Buffer): boolean {
  return head.length >= 4 && head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0;
}

export const rvtoolsVinfo: FormatImporter = {
  id: 'rvtools-vinfo',
  label: 'RVTools vInfo',
  role: 'discovery',
  async run(file, sink, options) {
    const head = readHead(file.path, 8);
    if (isZip(head)) return runXlsx(file, sink);
    if (isOle2(head)) {
      throw new ImportError(
        'an Excel 97-2003 (.xls) workbook: save it as .xlsx or export the vInfo tab as CSV',
        {
          file: file.displayName,
        },
      );
    }
    if (XLSX_NAME.test(file.path) && head.length > 0) {
      throw new ImportError('named like an .xlsx workbook but not one (no ZIP signature): damaged file?', {
        file: file.displayName,
        line: 1,
      });
    }
    return runCsv(file, sink, options.encoding);
  },
};
