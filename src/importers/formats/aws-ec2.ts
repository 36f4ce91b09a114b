import type { CiAttributes, PowerState } from '../../domain/attributes.js';
import {
  isIdentifyingMac,
  normalizeIp,
  normalizeLifecycle,
  normalizeMac,
  normalizeManufacturer,
  normalizeTimestamp,
  parseHostName,
  parseOs,
} from '../../normalize/index.js';
import { ImportError } from '../../util/errors.js';
import { streamJsonArray } from '../json-stream.js';
import { openText } from '../text-input.js';
import type { FormatImporter, ImportSink, InputFile, SourceLocation } from '../types.js';
import { addIssue, setIfDefined } from './common.js';

/**
 * `aws ec2 describe-instances` output ({"Reservations": [{"OwnerId", "Instances": [...]}], "NextToken"?}),
 * and the same response recorded by placebo/boto3 test tooling ({"status_code": 200, "data": {...}}),
 * whose datetimes are objects {"__class__": "datetime", "year": ..., ...}. One record per instance,
 * keyed by InstanceId. Reservations are streamed one at a time, so a large account fits in memory.
 *
 * Tag keys read as common attributes (case-insensitive, first listed wins when several are present):
 * - owner: Owner, OwnedBy / Owned_By / Owned-By, OwnerEmail / Owner_Email, OwnerContact
 * - support_group: Team, Support_Group / SupportGroup / Support-Group, SupportTeam / Support_Team
 * - environment: Environment, Env, Stage
 * Every tag is also kept verbatim in extra as `tag:<Key>` (tags with an empty value are left out).
 */

/** Where a reservation list may sit: top level (CLI output) or under `data` (placebo recordings). */
const RESERVATIONS_PATH = /^(data\.)?Reservations$/;
/** The first `"Reservations":` key and the character after it (a key is the only place a string meets `:`). */
const RESERVATIONS_KEY = /"Reservations"\s*:\s*(\S)/;
/** Text kept between chunks while looking for the key, longer than the key plus any sane whitespace. */
const SCAN_OVERLAP = 256;

const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;

type TagRole = 'name' | 'owner' | 'support_group' | 'environment';

/** Lower-case tag key → role and priority (lower wins). */
const TAG_ROLES: ReadonlyMap<string, readonly [TagRole, number]> = new Map<
  string,
  readonly [TagRole, number]
>([
  ['name', ['name', 0]],
  ['owner', ['owner', 0]],
  ['ownedby', ['owner', 1]],
  ['owned_by', ['owner', 1]],
  ['owned-by', ['owner', 1]],
  ['owneremail', ['owner', 2]],
  ['owner_email', ['owner', 2]],
  ['ownercontact', ['owner', 3]],
  ['team', ['support_group', 0]],
  ['support_group', ['support_group', 1]],
  ['supportgroup', ['support_group', 1]],
  ['support-group', ['support_group', 1]],
  ['supportteam', ['support_group', 2]],
  ['support_team', ['support_group', 2]],
  ['environment', ['environment', 0]],
  ['env', ['environment', 1]],
  ['stage', ['environment', 2]],
]);

const POWER: ReadonlyMap<string, PowerState> = new Map<string, PowerState>([
  ['running', 'on'],
  ['stopped', 'off'],
  ['stopping', 'off'],
]);

const AMAZON = normalizeManufacturer('Amazon') ?? 'Amazon';
/** What EC2 reports for Linux when it omits Platform and PlatformDetails (older API versions, recordings). */
const DEFAULT_PLATFORM = 'Linux/UNIX';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A non-empty trimmed string, or undefined. */
function text(v: unknown): string | undefined {
  if (typeof v !== 'string') return typeof v === 'number' ? String(v) : undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * ISO 8601 UTC from the CLI's text ("2026-03-17T08:00:00+00:00") or a placebo datetime object. Placebo
 * drops the time zone; boto3 parses EC2 times as UTC, so UTC is what the numbers mean.
 */
export function awsTimestamp(v: unknown): string | undefined {
  if (typeof v === 'string') return normalizeTimestamp(v);
  if (!isObject(v) || v.__class__ !== 'datetime') return undefined;
  const part = (k: string, dflt?: number): number | undefined => {
    const n = v[k] ?? dflt;
    return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
  };
  const y = part('year');
  const mo = part('month');
  const d = part('day');
  const h = part('hour', 0);
  const mi = part('minute', 0);
  const s = part('second', 0);
  if (
    y === undefined ||
    mo === undefined ||
    d === undefined ||
    h === undefined ||
    mi === undefined ||
    s === undefined
  ) {
    return undefined;
  }
  return normalizeTimestamp(
    `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}Z`,
  );
}

/** What collecting one instance's addresses needs; bad values become warnings and identifier issues. */
interface AddressCtx {
  attrs: CiAttributes;
  ips: string[];
  location: SourceLocation;
  sink: ImportSink;
}

/** Adds a canonical IP once; `field` names the source field, `attr` the attribute it feeds. */
function addIp(ctx: AddressCtx, v: unknown, field: string, attr = 'ip_addresses'): string | undefined {
  const t = text(v);
  if (t === undefined) return undefined;
  const ip = normalizeIp(t);
  if (ip === undefined) {
    ctx.sink.warn({ message: 'not an IP address', location: ctx.location, field, value: t });
    addIssue(ctx.attrs, { field: attr, value: t, problem: 'invalid' });
    return undefined;
  }
  if (!ctx.ips.includes(ip)) ctx.ips.push(ip);
  return ip;
}

function positiveInt(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined;
}

interface TagPick {
  value: string;
  priority: number;
}

/** Maps one instance of a reservation to a record; throws ImportError when it has no usable InstanceId. */
function instanceRecord(
  inst: Json,
  ownerId: string | undefined,
  location: SourceLocation,
  file: string,
  sink: ImportSink,
): { key: string; attrs: CiAttributes; name: string | undefined } {
  const key = text(inst.InstanceId);
  if (key === undefined) {
    throw new ImportError('the instance has no InstanceId', { file, ...location, field: 'InstanceId' });
  }
  if (!INSTANCE_ID.test(key)) {
    sink.warn({
      message: 'InstanceId is not of the form i-<hex>',
      location,
      field: 'InstanceId',
      value: key,
    });
  }
  const attrs: CiAttributes = { instance_id: key, cloud_provider: 'aws' };
  // Fixed fields first, so the stored JSON reads in a stable order; tags cannot clash (tag: prefix).
  const extra: Record<string, string> = {};
  setIfDefined(extra, 'ImageId', text(inst.ImageId));
  setIfDefined(extra, 'VpcId', text(inst.VpcId));
  setIfDefined(extra, 'SubnetId', text(inst.SubnetId));
  setIfDefined(extra, 'LaunchTime', awsTimestamp(inst.LaunchTime));
  setIfDefined(extra, 'OwnerId', ownerId);

  // Tags: one pass, picking the best-priority tag per role and keeping every tag in extra.
  const picks: Partial<Record<TagRole, TagPick>> = {};
  if (Array.isArray(inst.Tags)) {
    for (const tag of inst.Tags) {
      if (!isObject(tag) || typeof tag.Key !== 'string') continue;
      const value = text(tag.Value);
      if (value === undefined) continue;
      extra[`tag:${tag.Key}`] = value;
      const role = TAG_ROLES.get(tag.Key.trim().toLowerCase());
      if (role === undefined) continue;
      const prev = picks[role[0]];
      if (prev === undefined || role[1] < prev.priority) picks[role[0]] = { value, priority: role[1] };
    }
  }
  const name = picks.name?.value;
  setIfDefined(attrs, 'name', name);

  // Names: the Name tag is what people call the machine; the private DNS name is what the VPC resolves.
  const nameHost = parseHostName(name);
  const privateDns = parseHostName(text(inst.PrivateDnsName));
  const publicDns = parseHostName(text(inst.PublicDnsName));
  if (nameHost && !nameHost.isIp) attrs.host_name = nameHost.host;
  else if (privateDns && !privateDns.isIp) attrs.host_name = privateDns.host;
  const named =
    privateDns && !privateDns.isIp && privateDns.fqdn ? privateDns : nameHost?.fqdn ? nameHost : undefined;
  if (named) {
    attrs.fqdn = named.fqdn;
    attrs.dns_domain = named.domain;
  }
  for (const dns of [privateDns, publicDns]) {
    if (!dns || dns.isIp || dns.host === attrs.host_name) continue;
    if (attrs.aliases === undefined) attrs.aliases = [dns.host];
    else if (!attrs.aliases.includes(dns.host)) attrs.aliases.push(dns.host);
  }

  // Addresses: the instance's own fields first, so the primary private address leads the list.
  const ctx: AddressCtx = { attrs, ips: [], location, sink };
  setIfDefined(attrs, 'ip_address', addIp(ctx, inst.PrivateIpAddress, 'PrivateIpAddress', 'ip_address'));
  addIp(ctx, inst.PublicIpAddress, 'PublicIpAddress');
  addIp(ctx, inst.Ipv6Address, 'Ipv6Address');
  const macs: string[] = [];
  let primaryMac: string | undefined;
  if (Array.isArray(inst.NetworkInterfaces)) {
    for (const ni of inst.NetworkInterfaces) {
      if (!isObject(ni)) continue;
      const macText = text(ni.MacAddress);
      if (macText !== undefined) {
        const mac = normalizeMac(macText);
        if (mac === undefined) {
          sink.warn({ message: 'not a MAC address', location, field: 'MacAddress', value: macText });
          addIssue(attrs, { field: 'mac_address', value: macText, problem: 'invalid' });
        } else {
          if (!isIdentifyingMac(mac))
            addIssue(attrs, { field: 'mac_address', value: macText, problem: 'placeholder' });
          if (!macs.includes(mac)) macs.push(mac);
          if (isObject(ni.Attachment) && ni.Attachment.DeviceIndex === 0) primaryMac = mac;
        }
      }
      addIp(ctx, ni.PrivateIpAddress, 'PrivateIpAddress');
      if (isObject(ni.Association)) addIp(ctx, ni.Association.PublicIp, 'PublicIp');
      if (Array.isArray(ni.PrivateIpAddresses)) {
        for (const pip of ni.PrivateIpAddresses) {
          if (!isObject(pip)) continue;
          addIp(ctx, pip.PrivateIpAddress, 'PrivateIpAddress');
          if (isObject(pip.Association)) addIp(ctx, pip.Association.PublicIp, 'PublicIp');
        }
      }
      if (Array.isArray(ni.Ipv6Addresses)) {
        for (const v6 of ni.Ipv6Addresses) if (isObject(v6)) addIp(ctx, v6.Ipv6Address, 'Ipv6Address');
      }
    }
  }
  if (ctx.ips.length > 0) attrs.ip_addresses = ctx.ips;
  if (macs.length > 0) {
    attrs.mac_address = primaryMac ?? macs[0];
    attrs.mac_addresses = macs;
  }

  const os = text(inst.PlatformDetails) ?? text(inst.Platform) ?? DEFAULT_PLATFORM;
  attrs.os = os;
  const osInfo = parseOs(os);
  if (osInfo) {
    attrs.os_family = osInfo.family;
    setIfDefined(attrs, 'os_name', osInfo.name);
    setIfDefined(attrs, 'os_version', osInfo.version);
  }

  setIfDefined(attrs, 'model', text(inst.InstanceType));
  attrs.manufacturer = AMAZON;
  attrs.virtual = true;
  if (isObject(inst.CpuOptions)) {
    const cores = positiveInt(inst.CpuOptions.CoreCount);
    if (cores !== undefined) attrs.cpu_count = cores * (positiveInt(inst.CpuOptions.ThreadsPerCore) ?? 1);
  }

  // Recordings of other API calls keep only an instance's id and a few fields: no State, no status.
  if (isObject(inst.State)) {
    const state = text(inst.State.Name);
    if (state !== undefined) {
      attrs.status = normalizeLifecycle(state);
      attrs.power_state = POWER.get(state.toLowerCase()) ?? 'unknown';
    }
  }
  if (isObject(inst.Placement)) setIfDefined(attrs, 'location', text(inst.Placement.AvailabilityZone));
  setIfDefined(attrs, 'owner', picks.owner?.value);
  setIfDefined(attrs, 'support_group', picks.support_group?.value);
  setIfDefined(attrs, 'environment', picks.environment?.value);
  if (Object.keys(extra).length > 0) attrs.extra = extra;
  return { key, attrs, name };
}

/**
 * Finds the first "Reservations" key before streaming, so a file of another shape, or one whose
 * Reservations is not a list, fails with a message that says so instead of "malformed JSON".
 */
async function findReservations(
  file: InputFile,
  encoding: string | undefined,
): Promise<{ line: number; next: string } | undefined> {
  const stream = openText(file, { encoding });
  let tail = '';
  let lineOfTail = 1;
  for await (const chunk of stream.chunks) {
    const window = tail + chunk;
    const m = RESERVATIONS_KEY.exec(window);
    if (m) {
      let line = lineOfTail;
      for (let i = window.indexOf('\n'); i !== -1 && i < m.index; i = window.indexOf('\n', i + 1)) line++;
      return { line, next: m[1] as string };
    }
    const keep = Math.max(0, window.length - SCAN_OVERLAP);
    for (let i = window.indexOf('\n'); i !== -1 && i < keep; i = window.indexOf('\n', i + 1)) lineOfTail++;
    tail = window.slice(keep);
  }
  return undefined;
}

export const awsEc2: FormatImporter = {
  id: 'aws-ec2',
  label: 'AWS EC2',
  role: 'discovery',
  async run(file, sink, options) {
    const found = await findReservations(file, options.encoding);
    if (!found) {
      throw new ImportError(
        'no "Reservations" list: expected the JSON output of `aws ec2 describe-instances` ({"Reservations": [...]}) or a recorded response ({"data": {"Reservations": [...]}})',
        { file: file.displayName, line: 1, field: 'Reservations' },
      );
    }
    if (found.next !== '[') {
      throw new ImportError('"Reservations" is not a list', {
        file: file.displayName,
        line: found.line,
        field: 'Reservations',
      });
    }
    let ordinal = 0;
    await streamJsonArray(file, {
      encoding: options.encoding,
      pick: RESERVATIONS_PATH,
      onBytes: (n) => sink.progress(n),
      onEncoding: (e) => sink.encoding?.(e),
      onItem: (reservation, index) => {
        if (!isObject(reservation)) {
          throw new ImportError(`reservation ${index + 1} is not a JSON object`, {
            file: file.displayName,
            record: ordinal + 1,
            field: 'Reservations',
          });
        }
        const instances = reservation.Instances;
        if (instances === undefined) return;
        if (!Array.isArray(instances)) {
          throw new ImportError(`reservation ${index + 1}: "Instances" is not a list`, {
            file: file.displayName,
            record: ordinal + 1,
            field: 'Instances',
          });
        }
        const ownerId = text(reservation.OwnerId);
        for (const inst of instances) {
          ordinal++;
          const location = { record: ordinal };
          if (!isObject(inst)) {
            throw new ImportError(`reservation ${index + 1}: an instance is not a JSON object`, {
              file: file.displayName,
              ...location,
              field: 'Instances',
            });
          }
          const { key, attrs, name } = instanceRecord(inst, ownerId, location, file.displayName, sink);
          sink.record({ key, ciType: 'computer', name, raw: JSON.stringify(inst), attrs, location });
        }
      },
    });
  },
};
