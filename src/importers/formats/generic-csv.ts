import { CI_TYPES, type CiAttributes, type CiType, type PowerState } from '../../domain/attributes.js';
import type { MappableAttribute } from '../../domain/mappable-attributes.js';
import {
  type ClassInfo,
  classifyServiceNowClass,
  isIdentifyingMac,
  normalizeIp,
  normalizeLifecycle,
  normalizeMac,
  normalizeManufacturer,
  normalizeSerial,
  normalizeTimestamp,
  normalizeUuid,
  parseHostName,
  parseMemoryMb,
  parseOs,
  uuidFromVmwareSerial,
} from '../../normalize/index.js';
import { ImportError, UserError } from '../../util/errors.js';
import { readCsv } from '../csv-reader.js';
import type { ColumnMapping, FormatImporter, ImportSink, SourceLocation } from '../types.js';
import { addIssue, parseCount } from './common.js';

/**
 * Any CSV, read through a user's column mapping (see ColumnMapping): which column(s) make the key, where
 * the class and CI type come from, and which column feeds which attribute. Canonical attribute names get
 * the same normalisation as in the dedicated importers; any other name lands in `extra` as text.
 *
 * Rules worth knowing:
 * - Column names match exactly, else case-insensitively.
 * - A key of several columns joins their values with "|"; every key column must be filled in every row.
 * - Several columns may feed one attribute: single-valued attributes take the first non-empty one,
 *   list attributes (ip_addresses, mac_addresses) collect them all.
 * - `name` also gives host_name, fqdn and dns_domain when it is a host name, unless columns mapped to
 *   those give them.
 */

const LIST_SEPARATOR = /[,;\s]+/;
const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'x', 'on', 'wahr', 'vrai', 'oui', 'ja']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'off', 'falsch', 'faux', 'non', 'nein']);
const CI_TYPE_NAMES: ReadonlySet<string> = new Set(CI_TYPES);
const CI_TYPE_SEPARATORS = /[\s-]+/g;
const CLOUD_PROVIDERS = new Set(['aws', 'azure', 'gcp', 'kubernetes']);
const PLAIN_NUMBER = /^\d+(?:\.\d+)?$/;

const POWER: ReadonlyMap<string, PowerState> = new Map<string, PowerState>([
  ['on', 'on'],
  ['poweredon', 'on'],
  ['powered on', 'on'],
  ['running', 'on'],
  ['up', 'on'],
  ['off', 'off'],
  ['poweredoff', 'off'],
  ['powered off', 'off'],
  ['stopped', 'off'],
  ['down', 'off'],
  ['suspended', 'suspended'],
  ['paused', 'suspended'],
  ['unknown', 'unknown'],
]);

/** What one row accumulates before the derived attributes are settled. */
interface RowState {
  attrs: CiAttributes;
  location: SourceLocation;
  ips: string[];
  macs: string[];
  os?: string;
  osVersion?: string;
  /** Names derived from host_name / fqdn columns; explicit columns of each attribute win over them. */
  host?: string;
  fqdn?: string;
  domain?: string;
  serialUuid?: string;
  extra?: Record<string, string>;
}

/** Per-import context for handlers: the sink, and values already reported so a vocabulary warns once. */
interface Ctx {
  sink: ImportSink;
  warned: Set<string>;
}

type Handler = (v: string, s: RowState, ctx: Ctx) => void;

function warn(ctx: Ctx, s: RowState, field: string, message: string, value: string): void {
  ctx.sink.warn({ message, location: s.location, field, value });
}

function warnOnce(ctx: Ctx, s: RowState, field: string, message: string, value: string): void {
  const k = `${field}\u0000${value}`;
  if (ctx.warned.has(k)) return;
  ctx.warned.add(k);
  warn(ctx, s, field, `${message} (reported once per value)`, value);
}

type TextAttr =
  | 'instance_id'
  | 'vm_id'
  | 'correlation_id'
  | 'asset_tag'
  | 'model'
  | 'host_ref'
  | 'cluster'
  | 'datacenter'
  | 'owner'
  | 'support_group'
  | 'location'
  | 'environment'
  | 'company';

const text =
  (attr: TextAttr): Handler =>
  (v, s) => {
    s.attrs[attr] ??= v;
  };

/**
 * Adds the canonical values of a cell holding one value or a list; returns the first. A cell where no
 * part is valid is reported whole, so "00 50 56 01 02 03" is one warning, not six.
 */
function addAll(
  list: string[],
  v: string,
  normalize: (p: string) => string | undefined,
  onBad: (p: string) => void,
): string | undefined {
  const whole = normalize(v);
  if (whole !== undefined) {
    if (!list.includes(whole)) list.push(whole);
    return whole;
  }
  const parts = v.split(LIST_SEPARATOR);
  let first: string | undefined;
  const bad: string[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const n = normalize(part);
    if (n === undefined) {
      bad.push(part);
      continue;
    }
    first ??= n;
    if (!list.includes(n)) list.push(n);
  }
  if (first === undefined) onBad(v);
  else for (const b of bad) onBad(b);
  return first;
}

/** A value kept out of an identifier attribute: warned about, and recorded for reconciliation. */
function invalidIdentifier(ctx: Ctx, s: RowState, attr: string, message: string, value: string): void {
  warn(ctx, s, attr, message, value);
  addIssue(s.attrs, { field: attr, value, problem: 'invalid' });
}

function ipHandler(attr: 'ip_address' | 'ip_addresses'): Handler {
  return (v, s, ctx) => {
    const first = addAll(s.ips, v, normalizeIp, (p) =>
      invalidIdentifier(ctx, s, attr, 'not an IP address', p),
    );
    if (attr === 'ip_address' && first !== undefined) s.attrs.ip_address ??= first;
  };
}

function macHandler(attr: 'mac_address' | 'mac_addresses'): Handler {
  return (v, s, ctx) => {
    const before = s.macs.length;
    const first = addAll(s.macs, v, normalizeMac, (p) =>
      invalidIdentifier(ctx, s, attr, 'not a MAC address', p),
    );
    for (let i = before; i < s.macs.length; i++) {
      const mac = s.macs[i]!;
      if (!isIdentifyingMac(mac)) addIssue(s.attrs, { field: attr, value: mac, problem: 'placeholder' });
    }
    if (attr === 'mac_address' && first !== undefined) s.attrs.mac_address ??= first;
  };
}

/** Hex digits once hyphens, braces and spaces are gone: a well-formed UUID, or an `x`-masked one. */
const UUID_SHAPED = /^(?:[0-9a-f]{32}|x{32})$/i;
const UUID_PUNCTUATION = /[\s{}-]/g;

function uuidHandler(attr: 'bios_uuid' | 'vm_uuid'): Handler {
  return (v, s, ctx) => {
    const u = normalizeUuid(v);
    if (u !== undefined) s.attrs[attr] ??= u;
    // normalizeUuid also refuses well-formed UUIDs that identify nothing (all zeros, masked, firmware defaults).
    else if (UUID_SHAPED.test(v.replace(UUID_PUNCTUATION, ''))) {
      addIssue(s.attrs, { field: attr, value: v, problem: 'placeholder' });
    } else invalidIdentifier(ctx, s, attr, 'not a UUID', v);
  };
}

function timestampHandler(attr: 'last_seen' | 'updated_at'): Handler {
  return (v, s, ctx) => {
    const t = normalizeTimestamp(v);
    if (t === undefined) warn(ctx, s, attr, 'not a date and time', v);
    else s.attrs[attr] ??= t;
  };
}

/** Canonical attribute name → how a cell becomes its value (one for each of MAPPABLE_ATTRIBUTES). */
export const CANONICAL: ReadonlyMap<MappableAttribute, Handler> = new Map<MappableAttribute, Handler>([
  [
    'name',
    (v, s) => {
      s.attrs.name ??= v;
    },
  ],
  [
    'host_name',
    (v, s, ctx) => {
      const h = parseHostName(v);
      if (!h || h.isIp) return warn(ctx, s, 'host_name', 'not a host name', v);
      s.attrs.host_name ??= h.host;
      s.fqdn ??= h.fqdn;
      s.domain ??= h.domain;
    },
  ],
  [
    'fqdn',
    (v, s, ctx) => {
      const h = parseHostName(v);
      if (!h || h.isIp) return warn(ctx, s, 'fqdn', 'not a host name', v);
      if (h.fqdn !== undefined) s.attrs.fqdn ??= h.fqdn;
      s.host ??= h.host;
      s.domain ??= h.domain;
    },
  ],
  [
    'dns_domain',
    (v, s) => {
      s.attrs.dns_domain ??= v.toLowerCase().replace(/\.+$/, '');
    },
  ],
  ['ip_address', ipHandler('ip_address')],
  ['ip_addresses', ipHandler('ip_addresses')],
  ['mac_address', macHandler('mac_address')],
  ['mac_addresses', macHandler('mac_addresses')],
  [
    'serial_number',
    (v, s) => {
      // A placeholder serial ("To be filled by O.E.M.") is common, not worth a warning; reconciliation
      // reports it from the issue.
      const serial = normalizeSerial(v);
      if (serial !== undefined) s.attrs.serial_number ??= serial;
      else addIssue(s.attrs, { field: 'serial_number', value: v, problem: 'placeholder' });
      s.serialUuid ??= uuidFromVmwareSerial(v);
    },
  ],
  ['bios_uuid', uuidHandler('bios_uuid')],
  ['vm_uuid', uuidHandler('vm_uuid')],
  ['instance_id', text('instance_id')],
  ['vm_id', text('vm_id')],
  ['correlation_id', text('correlation_id')],
  ['asset_tag', text('asset_tag')],
  [
    'os',
    (v, s) => {
      s.os ??= v;
    },
  ],
  [
    'os_version',
    (v, s) => {
      s.osVersion ??= v;
    },
  ],
  [
    'cpu_count',
    (v, s, ctx) => {
      const n = parseCount(v, 'cpu_count', s.location, ctx.sink);
      if (n !== undefined) s.attrs.cpu_count ??= n;
    },
  ],
  [
    'ram_mb',
    (v, s, ctx) => {
      const mb = parseMemoryMb(v, 'MB');
      if (mb === undefined) warn(ctx, s, 'ram_mb', 'not a memory size', v);
      else s.attrs.ram_mb ??= mb;
    },
  ],
  [
    'disk_gb',
    (v, s, ctx) => {
      const mb = PLAIN_NUMBER.test(v) ? Number(v) * 1024 : parseMemoryMb(v, 'GB');
      if (mb === undefined) warn(ctx, s, 'disk_gb', 'not a disk size', v);
      else s.attrs.disk_gb ??= Math.round((mb / 1024) * 100) / 100;
    },
  ],
  [
    'manufacturer',
    (v, s) => {
      const m = normalizeManufacturer(v);
      if (m !== undefined) s.attrs.manufacturer ??= m;
    },
  ],
  ['model', text('model')],
  [
    'virtual',
    (v, s, ctx) => {
      const k = v.toLowerCase();
      if (TRUE_WORDS.has(k)) s.attrs.virtual ??= true;
      else if (FALSE_WORDS.has(k)) s.attrs.virtual ??= false;
      else warnOnce(ctx, s, 'virtual', 'not a yes/no value', v);
    },
  ],
  [
    'power_state',
    (v, s, ctx) => {
      const p = POWER.get(v.toLowerCase());
      if (p === undefined) warnOnce(ctx, s, 'power_state', 'unrecognised power state, stored as unknown', v);
      s.attrs.power_state ??= p ?? 'unknown';
    },
  ],
  ['host_ref', text('host_ref')],
  ['cluster', text('cluster')],
  ['datacenter', text('datacenter')],
  [
    'status',
    (v, s, ctx) => {
      const st = normalizeLifecycle(v);
      if (st === 'unknown' && v.toLowerCase() !== 'unknown') {
        warnOnce(ctx, s, 'status', 'unrecognised lifecycle status, stored as unknown', v);
      }
      s.attrs.status ??= st;
    },
  ],
  ['owner', text('owner')],
  ['support_group', text('support_group')],
  ['location', text('location')],
  ['environment', text('environment')],
  ['company', text('company')],
  ['last_seen', timestampHandler('last_seen')],
  ['updated_at', timestampHandler('updated_at')],
  [
    'cloud_provider',
    (v, s, ctx) => {
      const p = v.toLowerCase();
      if (CLOUD_PROVIDERS.has(p)) s.attrs.cloud_provider ??= p as CiAttributes['cloud_provider'];
      else warnOnce(ctx, s, 'cloud_provider', 'not one of aws, azure, gcp, kubernetes', v);
    },
  ],
]);

function extraHandler(name: string): Handler {
  return (v, s) => {
    s.extra ??= {};
    s.extra[name] ??= v;
  };
}

/** Moves the primary value to the front of its list, where the other importers put it. */
function primaryFirst(list: string[], primary: string | undefined): string[] {
  if (primary === undefined || list[0] === primary) return list;
  return [primary, ...list.filter((x) => x !== primary)];
}

/** Settles what depends on several columns: lists, OS, and names derived from other names. */
function finish(s: RowState): void {
  const a = s.attrs;
  if (s.ips.length > 0) a.ip_addresses = primaryFirst(s.ips, a.ip_address);
  if (s.macs.length > 0) a.mac_addresses = primaryFirst(s.macs, a.mac_address);
  if (s.serialUuid !== undefined) a.bios_uuid ??= s.serialUuid;

  if (s.os !== undefined || s.osVersion !== undefined) {
    if (s.os !== undefined) a.os = s.os;
    const os = parseOs(s.os ?? '', s.osVersion === undefined ? undefined : { version: s.osVersion });
    if (os) {
      a.os_family = os.family;
      if (os.name !== undefined) a.os_name = os.name;
      if (os.version !== undefined) a.os_version = os.version;
    }
  }

  const fromName = a.name === undefined ? undefined : parseHostName(a.name);
  const named = fromName && !fromName.isIp ? fromName : undefined;
  const host = a.host_name ?? s.host ?? named?.host;
  if (host !== undefined) a.host_name = host;
  // The name's domain only describes the host name when both name the same machine.
  const nameFits = named !== undefined && named.host === host;
  const fqdn = a.fqdn ?? s.fqdn ?? (nameFits ? named.fqdn : undefined);
  if (fqdn !== undefined) a.fqdn = fqdn;
  const domain = a.dns_domain ?? s.domain ?? (nameFits ? named.domain : undefined);
  if (domain !== undefined) a.dns_domain = domain;
  if (named && host !== undefined && named.host !== host) a.aliases = [named.host];
  if (s.extra !== undefined) a.extra = s.extra;
}

/** Finds a mapped column: exact name first, then any case. */
function columnFinder(header: readonly string[]): (name: string) => number | undefined {
  const exact = new Map<string, number>();
  const folded = new Map<string, number>();
  header.forEach((h, i) => {
    if (!exact.has(h)) exact.set(h, i);
    const f = h.toLowerCase();
    if (!folded.has(f)) folded.set(f, i);
  });
  return (name) => exact.get(name.trim()) ?? folded.get(name.trim().toLowerCase());
}

function toCiType(v: string): CiType | undefined {
  const k = v.toLowerCase().replace(CI_TYPE_SEPARATORS, '_');
  return CI_TYPE_NAMES.has(k) ? (k as CiType) : undefined;
}

interface Plan {
  key: number[];
  keyNames: string[];
  classColumn?: number;
  ciTypeColumn?: number;
  handlers: { column: number; handle: Handler }[];
}

function plan(mapping: ColumnMapping, header: string[], file: string, line: number): Plan {
  const find = columnFinder(header);
  const wanted: string[] = [];
  const keyNames = typeof mapping.key === 'string' ? [mapping.key] : mapping.key;
  wanted.push(...keyNames);
  if (mapping.class !== undefined) wanted.push(mapping.class);
  if (mapping.ciTypeColumn !== undefined) wanted.push(mapping.ciTypeColumn);
  wanted.push(...Object.keys(mapping.attributes));
  const missing = [...new Set(wanted.filter((c) => find(c) === undefined))];
  if (missing.length > 0) {
    throw new ImportError(
      `the mapping names ${missing.length === 1 ? 'a column' : 'columns'} the file does not have: ${missing
        .map((m) => `"${m}"`)
        .join(', ')} (columns in the file: ${header.map((h) => `"${h}"`).join(', ')})`,
      { file, line, field: missing[0] },
    );
  }
  const handlers = Object.entries(mapping.attributes).map(([column, attr]) => ({
    column: find(column)!,
    handle: CANONICAL.get(attr.trim().toLowerCase() as MappableAttribute) ?? extraHandler(attr.trim()),
  }));
  return {
    key: keyNames.map((k) => find(k)!),
    keyNames,
    classColumn: mapping.class === undefined ? undefined : find(mapping.class),
    ciTypeColumn: mapping.ciTypeColumn === undefined ? undefined : find(mapping.ciTypeColumn),
    handlers,
  };
}

export const genericCsv: FormatImporter = {
  id: 'csv',
  label: 'CSV with a column mapping',
  role: 'discovery',
  async run(file, sink, options) {
    const mapping = options.mapping;
    if (!mapping) {
      throw new UserError(
        'MAPPING_REQUIRED',
        'the csv format needs a column mapping (--mapping mapping.json)',
      );
    }
    const ctx: Ctx = { sink, warned: new Set() };
    const fixedType: CiType = mapping.ciType ?? 'computer';
    // Type column values repeat endlessly (a handful of classes): classify each distinct value once.
    const typeCache = new Map<string, ClassInfo>();
    let p: Plan | undefined;
    const result = await readCsv(file, {
      encoding: options.encoding ?? mapping.encoding,
      delimiter: mapping.delimiter,
      onBytes: (n) => sink.progress(n),
      onWarning: (w) => sink.warn(w),
      onHeader: (header, line) => {
        p = plan(mapping, header, file.displayName, line);
        sink.header?.(header);
      },
      onRow: (row) => {
        const pl = p!;
        const fields = row.fields;
        const location = { line: row.line, record: row.index };
        let key = '';
        for (let i = 0; i < pl.key.length; i++) {
          const part = fields[pl.key[i]!]!.trim();
          if (part === '') {
            throw new ImportError('the key column is empty', {
              file: file.displayName,
              ...location,
              field: pl.keyNames[i],
            });
          }
          key = i === 0 ? part : `${key}|${part}`;
        }
        const s: RowState = { attrs: {}, location, ips: [], macs: [] };
        for (const h of pl.handlers) {
          const v = fields[h.column]!.trim();
          if (v !== '') h.handle(v, s, ctx);
        }
        finish(s);

        let ciType = fixedType;
        if (mapping.ciType === undefined && pl.ciTypeColumn !== undefined) {
          const v = fields[pl.ciTypeColumn]!.trim();
          const direct = toCiType(v);
          if (direct !== undefined) ciType = direct;
          else {
            let info = typeCache.get(v);
            if (info === undefined) typeCache.set(v, (info = classifyServiceNowClass(v)));
            ciType = info.ciType;
            if (info.osFamily !== undefined) s.attrs.os_family ??= info.osFamily;
            if (info.virtual !== undefined) s.attrs.virtual ??= info.virtual;
          }
        }
        const cls =
          pl.classColumn === undefined
            ? mapping.classValue
            : fields[pl.classColumn]!.trim() || mapping.classValue;
        sink.record({
          key,
          ciClass: cls,
          ciType,
          name: s.attrs.name,
          raw: row.raw,
          attrs: s.attrs,
          location,
        });
      },
    });
    sink.encoding?.(result.encoding);
  },
};
