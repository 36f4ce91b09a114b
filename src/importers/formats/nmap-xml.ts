import { closeSync, openSync, readSync } from 'node:fs';
import type { CiAttributes, CiType } from '../../domain/attributes.js';
import {
  macFlags,
  normalizeIp,
  normalizeMac,
  normalizeTimestamp,
  parseHostName,
  parseOs,
  type OsInfo,
} from '../../normalize/index.js';
import { ImportError } from '../../util/errors.js';
import { readHead } from '../detect.js';
import { canonicalEncoding, detectEncoding } from '../text-input.js';
import { children, type XmlElement, streamXmlRecords } from '../xml-stream.js';
import type { FormatImporter, ImportSink, InputFile, SourceLocation } from '../types.js';

/**
 * nmap XML output (`nmap -oX`): one record per host that is up, keyed by its IPv4 address (IPv6 when it
 * has none). Scans of large estates run to tens of megabytes, so hosts are streamed one at a time.
 */

const CI_CLASS = 'nmap host';

/** nmap device types (osclass@type) that say what the machine is, lower case. */
const OSCLASS_TYPES: ReadonlyMap<string, CiType> = new Map<string, CiType>([
  ['general purpose', 'computer'],
  ['switch', 'network_device'],
  ['router', 'network_device'],
  ['firewall', 'network_device'],
  ['wap', 'network_device'],
  ['broadband router', 'network_device'],
  ['bridge', 'network_device'],
  ['hub', 'network_device'],
  ['load balancer', 'network_device'],
  ['printer', 'printer'],
  ['print server', 'printer'],
  ['storage-misc', 'storage'],
  // Devices that are neither computers nor infrastructure: not worth comparing with servers.
  ['phone', 'other'],
  ['voip phone', 'other'],
  ['pda', 'other'],
  ['media device', 'other'],
  ['webcam', 'other'],
  ['game console', 'other'],
  ['power-device', 'other'],
]);

const PRINTER_PORTS: ReadonlySet<number> = new Set([9100, 515, 631]);

/** The tail of a scan holds <runstats><finished time="...">: read it once, before streaming. */
const TAIL_BYTES = 64 * 1024;
const FINISHED_TIME = /<finished\b[^>]*?\btime\s*=\s*["'](\d+)["']/g;

interface OsGuess {
  text?: string;
  info?: OsInfo;
  classType?: string;
}

export const nmapXml: FormatImporter = {
  id: 'nmap-xml',
  label: 'nmap XML',
  role: 'discovery',
  async run(file, sink, options) {
    const finished = readFinishedTime(file, options.encoding);
    let rootSeen = false;
    await streamXmlRecords(file, {
      encoding: options.encoding,
      onBytes: (n) => sink.progress(n),
      onEncoding: (e) => sink.encoding?.(e),
      onRoot: (name) => {
        // After a syntax error saxes may report further "roots"; the parse error is the one to show.
        if (rootSeen) return;
        rootSeen = true;
        if (name !== 'nmaprun') {
          throw new ImportError(
            `not an nmap XML file: the root element is <${name}>, expected <nmaprun> (nmap -oX output)`,
            {
              file: file.displayName,
            },
          );
        }
      },
      isRecord: (name, depth) => depth === 1 && name === 'host',
      onRecord: (el, raw, line, index) => hostRecord(el, raw, { line, record: index }, finished, sink),
    });
  },
};

function hostRecord(
  el: XmlElement,
  raw: string,
  location: SourceLocation,
  finished: string | undefined,
  sink: ImportSink,
): void {
  let state: string | undefined;
  let hostnames: XmlElement | undefined;
  let ports: XmlElement | undefined;
  let os: XmlElement | undefined;
  const v4: string[] = [];
  const v6: string[] = [];
  const macs: string[] = [];
  let macVendor: string | undefined;
  for (const c of el.children) {
    switch (c.name) {
      case 'status':
        state = c.attrs.state;
        break;
      case 'address':
        readAddress(c, v4, v6, macs, location, sink);
        if (c.attrs.addrtype === 'mac' && macVendor === undefined) macVendor = vendorName(c.attrs.vendor);
        break;
      case 'hostnames':
        hostnames = c;
        break;
      case 'ports':
        ports = c;
        break;
      case 'os':
        os = c;
        break;
    }
  }
  if (state !== 'up') {
    sink.skip('host down', location);
    return;
  }
  const key = v4[0] ?? v6[0];
  if (key === undefined) {
    sink.warn({ message: 'host has no usable IPv4 or IPv6 address; skipped', location, field: 'address' });
    sink.skip('host without IP address', location);
    return;
  }

  const attrs: CiAttributes = { ip_address: key };
  attrs.ip_addresses = v4.concat(v6);
  if (macs.length > 0) {
    // The MAC nmap saw on the wire for this IP is this host's, whatever kind of MAC it is.
    attrs.mac_address = macs[0];
    attrs.mac_addresses = macs;
  }
  const name = hostnames ? applyHostNames(hostnames, attrs) : undefined;
  if (name !== undefined) attrs.name = name;

  const openPorts = ports ? readOpenPorts(ports) : undefined;
  const guess = os ? readOs(os) : undefined;
  if (guess?.text) attrs.os = guess.text;
  if (guess?.info) {
    attrs.os_family = guess.info.family;
    if (guess.info.name !== undefined) attrs.os_name = guess.info.name;
    if (guess.info.version !== undefined) attrs.os_version = guess.info.version;
  }

  const endtime = el.attrs.endtime;
  const lastSeen = (endtime !== undefined ? normalizeTimestamp(endtime) : undefined) ?? finished;
  if (lastSeen !== undefined) attrs.last_seen = lastSeen;

  const extra: Record<string, string> = {};
  // The OUI vendor names the network card's maker, not the machine's manufacturer.
  if (macVendor !== undefined) extra.mac_vendor = macVendor;
  if (openPorts && openPorts.list.length > 0) extra.open_ports = openPorts.list.join(',');
  if (macVendor !== undefined || extra.open_ports !== undefined) attrs.extra = extra;

  sink.record({
    key,
    ciClass: CI_CLASS,
    ciType: classify(guess, openPorts),
    name: name ?? key,
    raw,
    attrs,
    location,
  });
}

function readAddress(
  c: XmlElement,
  v4: string[],
  v6: string[],
  macs: string[],
  location: SourceLocation,
  sink: ImportSink,
): void {
  const text = c.attrs.addr;
  const type = c.attrs.addrtype ?? 'ipv4';
  if (text === undefined) return;
  if (type === 'mac') {
    const mac = normalizeMac(text);
    if (mac === undefined)
      sink.warn({ message: 'not a MAC address', location, field: 'mac_address', value: text });
    else if (isNoMac(mac))
      sink.warn({ message: 'placeholder MAC address ignored', location, field: 'mac_address', value: text });
    else if (!macs.includes(mac)) macs.push(mac);
    return;
  }
  const ip = normalizeIp(text);
  if (ip === undefined) {
    sink.warn({ message: 'not an IP address', location, field: 'ip_address', value: text });
    return;
  }
  const list = ip.indexOf(':') === -1 ? v4 : v6;
  if (!list.includes(ip)) list.push(ip);
}

function vendorName(text: string | undefined): string | undefined {
  const v = text?.trim();
  return v && v.toLowerCase() !== 'unknown' ? v : undefined;
}

/** All-zero and broadcast are "no MAC", not an address of anything. */
function isNoMac(mac: string): boolean {
  const f = macFlags(mac);
  return f.includes('zero') || f.includes('broadcast');
}

/**
 * The first valid name gives host_name (and FQDN/domain when qualified); a later qualified name of the
 * same host fills in a missing FQDN (nmap lists the user-given short name before the PTR name). Other
 * short names become aliases. Returns the display name.
 */
function applyHostNames(hostnames: XmlElement, attrs: CiAttributes): string | undefined {
  let display: string | undefined;
  let aliases: string[] | undefined;
  for (const h of hostnames.children) {
    if (h.name !== 'hostname') continue;
    const hn = parseHostName(h.attrs.name);
    if (hn === undefined || hn.isIp) continue;
    if (attrs.host_name === undefined) {
      display = hn.display;
      attrs.host_name = hn.host;
      if (hn.fqdn !== undefined) {
        attrs.fqdn = hn.fqdn;
        attrs.dns_domain = hn.domain;
      }
      continue;
    }
    if (hn.host === attrs.host_name) {
      if (attrs.fqdn === undefined && hn.fqdn !== undefined) {
        attrs.fqdn = hn.fqdn;
        attrs.dns_domain = hn.domain;
      }
      continue;
    }
    aliases ??= [];
    if (!aliases.includes(hn.host)) aliases.push(hn.host);
  }
  if (aliases) attrs.aliases = aliases;
  return display;
}

interface OpenPorts {
  list: string[];
  numbers: Set<number>;
  services: Set<string>;
}

function readOpenPorts(ports: XmlElement): OpenPorts {
  const found: { port: number; proto: string }[] = [];
  const numbers = new Set<number>();
  const services = new Set<string>();
  for (const p of ports.children) {
    if (p.name !== 'port') continue;
    let open = false;
    let service: string | undefined;
    for (const c of p.children) {
      if (c.name === 'state') open = c.attrs.state === 'open';
      else if (c.name === 'service') service = c.attrs.name;
    }
    if (!open) continue;
    const port = Number(p.attrs.portid);
    if (!Number.isInteger(port)) continue;
    const proto = p.attrs.protocol ?? 'tcp';
    found.push({ port, proto });
    numbers.add(port);
    if (service) services.add(service);
  }
  found.sort((a, b) => a.port - b.port || (a.proto < b.proto ? -1 : a.proto > b.proto ? 1 : 0));
  return { list: found.map((f) => `${f.port}/${f.proto}`), numbers, services };
}

/** Highest accuracy wins; on a tie the first listed (nmap lists its best guess first). */
function best(list: XmlElement[]): XmlElement | undefined {
  let top: XmlElement | undefined;
  let topAcc = -1;
  for (const e of list) {
    const acc = Number(e.attrs.accuracy ?? 0);
    const a = Number.isFinite(acc) ? acc : 0;
    if (a > topAcc) {
      top = e;
      topAcc = a;
    }
  }
  return top;
}

/**
 * The best osmatch gives the OS text. Its osclass (nested in nmap >= 6, siblings of osmatch in older
 * output) gives the device type, and the OS when the osmatch says nothing parseable.
 */
function readOs(os: XmlElement): OsGuess | undefined {
  const match = best(children(os, 'osmatch'));
  const cls = (match && best(children(match, 'osclass'))) ?? best(children(os, 'osclass'));
  const guess: OsGuess = {};
  const text = match?.attrs.name?.trim();
  if (text) {
    guess.text = text;
    guess.info = parseOs(text);
  }
  if (cls) {
    guess.classType = cls.attrs.type?.trim().toLowerCase() || undefined;
    if (guess.info === undefined) {
      const classText = osClassText(cls);
      if (classText) {
        guess.text ??= classText;
        guess.info = parseOs(classText);
      }
    }
  }
  return guess.text || guess.classType ? guess : undefined;
}

/** "Microsoft Windows 2008", "Linux 2.6.X": vendor (when it is not the family), family, generation. */
function osClassText(cls: XmlElement): string | undefined {
  const vendor = cls.attrs.vendor?.trim();
  const family = cls.attrs.osfamily?.trim();
  const gen = cls.attrs.osgen?.trim();
  const parts: string[] = [];
  if (vendor && vendor.toLowerCase() !== family?.toLowerCase()) parts.push(vendor);
  if (family) parts.push(family);
  if (gen) parts.push(gen);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

function classify(os: OsGuess | undefined, ports: OpenPorts | undefined): CiType {
  const byClass = os?.classType !== undefined ? OSCLASS_TYPES.get(os.classType) : undefined;
  if (byClass !== undefined) return byClass;
  const family = os?.info?.family;
  if (family === 'network_os') return 'network_device';
  if (family === 'esxi') return 'hypervisor';
  if (family === 'embedded' && ports && [...PRINTER_PORTS].some((p) => ports.numbers.has(p)))
    return 'printer';
  if (ports) {
    if (ports.services.has('vmware-auth') || ports.numbers.has(902)) return 'hypervisor';
    if (ports.services.has('jetdirect') || ports.numbers.has(9100)) return 'printer';
  }
  return 'computer';
}

/**
 * When the scan finished, from <runstats> at the end of the file: hosts of a ping scan carry no time of
 * their own. Undefined when the tail cannot be read or holds no runstats (a truncated scan fails later
 * anyway, with a precise message from the XML parser).
 */
function readFinishedTime(file: InputFile, forced: string | undefined): string | undefined {
  try {
    const head = readHead(file.path, 4096);
    let encoding = forced ? canonicalEncoding(forced) : detectEncoding(head, file.displayName).encoding;
    if (head[0] === 0xff && head[1] === 0xfe) encoding = 'utf-16le';
    else if (head[0] === 0xfe && head[1] === 0xff) encoding = 'utf-16be';
    const wide = encoding.startsWith('utf-16');
    let start = Math.max(0, file.size - TAIL_BYTES);
    if (wide && start % 2 === 1) start++;
    const buf = Buffer.alloc(file.size - start);
    const fd = openSync(file.path, 'r');
    try {
      readSync(fd, buf, 0, buf.length, start);
    } finally {
      closeSync(fd);
    }
    const tail = new TextDecoder(wide ? encoding : 'latin1').decode(buf);
    let time: string | undefined;
    for (const m of tail.matchAll(FINISHED_TIME)) time = m[1];
    return time !== undefined ? normalizeTimestamp(time) : undefined;
  } catch {
    return undefined;
  }
}
