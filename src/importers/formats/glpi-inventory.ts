import type { CiAttributes, CiType, NetworkInterface } from '../../domain/attributes.js';
import {
  ipFlags,
  isIdentifyingIp,
  isIdentifyingMac,
  macFlags,
  normalizeIp,
  normalizeMac,
  normalizeManufacturer,
  normalizeSerial,
  normalizeTimestamp,
  normalizeUuid,
  parseHostName,
  parseMemoryMb,
  parseOs,
} from '../../normalize/index.js';
import { ImportError } from '../../util/errors.js';
import { readHead } from '../detect.js';
import { parseJsonDocument, streamJsonArray } from '../json-stream.js';
import { canonicalEncoding, detectEncoding, openText } from '../text-input.js';
import { child, childText, type XmlElement, streamXmlRecords } from '../xml-stream.js';
import type { EndpointRef, FormatImporter, ImportSink, InputFile, SourceLocation } from '../types.js';
import { setIfDefined } from './common.js';

/**
 * GLPI / FusionInventory agent inventories, in the three encodings agents and servers produce:
 * - JSON: one document per file ({deviceid, action, itemtype, content}), or a JSON array of documents;
 * - NDJSON: one document per line (exports of many agents' inventories);
 * - XML: FusionInventory/OCS <REQUEST> documents (QUERY INVENTORY, SNMPQUERY, NETDISCOVERY), whose tags
 *   are the upper-case JSON names.
 * XML sections are turned into the JSON shape (lower-case keys, repeated elements as arrays) so both are
 * mapped by the same code.
 */

type Obj = Record<string, unknown>;

/** Largest single JSON document (or NDJSON line) held in memory. */
const MAX_DOCUMENT_CHARS = 256 * 1024 * 1024;
const MAX_DOCUMENT_TEXT = '256 MB';

/** The sections of an XML computer inventory that carry CI attributes; software lists etc. are not converted. */
const XML_COMPUTER_SECTIONS: ReadonlySet<string> = new Set([
  'HARDWARE',
  'BIOS',
  'OPERATINGSYSTEM',
  'NETWORKS',
  'CPUS',
  'MEMORIES',
  'VIRTUALMACHINES',
  'ACCESSLOG',
]);

/** GLPI device types (network_device.type, SNMP INFO/TYPE) and itemtypes, lower case. */
const DEVICE_TYPES: ReadonlyMap<string, CiType> = new Map<string, CiType>([
  ['networking', 'network_device'],
  ['networkequipment', 'network_device'],
  ['printer', 'printer'],
  ['storage', 'storage'],
  ['computer', 'computer'],
  ['phone', 'other'],
  ['power', 'other'],
  ['video', 'other'],
  ['kvm', 'other'],
]);

const HOSTED_ON = 'Hosted on::Hosts';
const CONNECTS_TO = 'Connects to::Connected by';
/** NX-OS and IOS append the chassis serial to the CDP/LLDP device id: "n9k-2-pa3(SAL1929KJ27)". */
const SERIAL_SUFFIX = /\([A-Za-z0-9]+\)$/;
const NEWLINE = /\r?\n/;

export const glpiInventory: FormatImporter = {
  id: 'glpi-inventory',
  label: 'GLPI agent inventory',
  role: 'discovery',
  async run(file, sink, options) {
    const first = firstCharacter(file, options.encoding);
    if (first === '<') return readXml(file, sink, options.encoding);
    if (first === '[') return readJsonArray(file, sink, options.encoding);
    if (first === undefined || first === '{') return readJsonLines(file, sink, options.encoding);
    throw new ImportError(
      `not a GLPI inventory: expected JSON, NDJSON (one JSON document per line) or XML <REQUEST>, found ${JSON.stringify(first)}`,
      { file: file.displayName, line: 1 },
    );
  },
};

// ---------------------------------------------------------------------------------------------------
// Reading the three encodings

/** The first non-blank character of the file, or undefined when the first 64 KB are blank. */
function firstCharacter(file: InputFile, forced: string | undefined): string | undefined {
  const head = readHead(file.path);
  const detected = detectEncoding(head, file.displayName);
  const encoding = detected.bomLength > 0 || !forced ? detected.encoding : canonicalEncoding(forced);
  const text = new TextDecoder(encoding).decode(head.subarray(detected.bomLength));
  return /\S/.exec(text)?.[0];
}

async function readXml(file: InputFile, sink: ImportSink, encoding: string | undefined): Promise<void> {
  let rootSeen = false;
  await streamXmlRecords(file, {
    encoding,
    onBytes: (n) => sink.progress(n),
    onEncoding: (e) => sink.encoding?.(e),
    onRoot: (name) => {
      // After a syntax error saxes may report further "roots"; the parse error is the one to show.
      if (rootSeen) return;
      rootSeen = true;
      if (name !== 'REQUEST') {
        throw new ImportError(
          `not a GLPI / FusionInventory XML inventory: the root element is <${name}>, expected <REQUEST>`,
          {
            file: file.displayName,
          },
        );
      }
    },
    isRecord: (_name, depth) => depth === 0,
    onRecord: (el, raw, line, index) => xmlRequest(el, raw, { line, record: index }, file, sink),
  });
}

async function readJsonArray(file: InputFile, sink: ImportSink, encoding: string | undefined): Promise<void> {
  await streamJsonArray(file, {
    encoding,
    onBytes: (n) => sink.progress(n),
    onEncoding: (e) => sink.encoding?.(e),
    onItem: (value, index) => jsonDocument(value, JSON.stringify(value), { record: index + 1 }, file, sink),
  });
}

/**
 * One JSON document, or NDJSON: decided on content, not on the file name. When the first non-blank line
 * is a complete JSON object and another non-blank line follows, every line is a document; otherwise the
 * whole file is one (pretty-printed) document.
 */
async function readJsonLines(file: InputFile, sink: ImportSink, encoding: string | undefined): Promise<void> {
  const text = openText(file, { encoding, onBytes: (n) => sink.progress(n) });
  const reader = new JsonLinesReader(file, sink);
  for await (const chunk of text.chunks) reader.write(chunk);
  reader.end();
  sink.encoding?.(text.encoding());
}

type LinesMode = 'undecided' | 'lines' | 'document';

class JsonLinesReader {
  private mode: LinesMode = 'undecided';
  /** The first document line, held until a second one shows the file is NDJSON. */
  private pending: { value: unknown; text: string; line: number } | undefined;
  /** Text read while undecided, or the whole document once decided: kept to parse it in one go. */
  private parts: string[] = [];
  private chars = 0;
  private docLine = 1;
  private rest = '';
  private lineNo = 0;
  private records = 0;

  constructor(
    private readonly file: InputFile,
    private readonly sink: ImportSink,
  ) {}

  write(chunk: string): void {
    if (this.mode === 'document') {
      this.keep(chunk);
      return;
    }
    const buf = this.rest + chunk;
    let start = 0;
    for (let nl = buf.indexOf('\n'); nl !== -1; nl = buf.indexOf('\n', start)) {
      this.line(buf.slice(start, nl));
      start = nl + 1;
      // line() may have switched the mode; read it afresh (TypeScript keeps the narrowing above).
      if ((this.mode as LinesMode) === 'document') {
        this.rest = '';
        this.keep(buf.slice(start));
        return;
      }
    }
    this.rest = buf.slice(start);
    if (this.rest.length > MAX_DOCUMENT_CHARS) throw this.tooLarge(this.lineNo + 1);
  }

  end(): void {
    if (this.mode !== 'document' && this.rest !== '') {
      this.line(this.rest);
      this.rest = '';
    }
    if (this.mode === 'document') {
      const whole = this.parts.join('');
      this.parts = [];
      const value = parseJsonDocument(whole, this.file.displayName, 1);
      jsonDocument(value, JSON.stringify(value), { line: this.docLine, record: 1 }, this.file, this.sink);
    } else if (this.mode === 'undecided') {
      const p = this.pending;
      if (p === undefined) {
        throw new ImportError('no inventory document found: the file is empty', {
          file: this.file.displayName,
          line: 1,
        });
      }
      jsonDocument(p.value, JSON.stringify(p.value), { line: p.line, record: 1 }, this.file, this.sink);
    }
  }

  private line(raw: string): void {
    this.lineNo++;
    const text = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    const blank = text.trim() === '';
    if (this.mode === 'lines') {
      if (!blank) this.emit(text, this.lineNo);
      return;
    }
    this.keep(raw + '\n');
    if (blank) return;
    if (this.pending === undefined) {
      const value = tryParseObject(text);
      if (value === undefined) {
        this.mode = 'document';
        this.docLine = this.lineNo;
      } else this.pending = { value, text, line: this.lineNo };
      return;
    }
    this.mode = 'lines';
    this.parts = [];
    this.chars = 0;
    const p = this.pending;
    this.records++;
    jsonDocument(p.value, p.text, { line: p.line, record: this.records }, this.file, this.sink);
    this.emit(text, this.lineNo);
  }

  private emit(text: string, line: number): void {
    this.records++;
    const value = parseJsonDocument(text, this.file.displayName, this.records, line);
    jsonDocument(value, text, { line, record: this.records }, this.file, this.sink);
  }

  private keep(text: string): void {
    this.parts.push(text);
    this.chars += text.length;
    if (this.chars > MAX_DOCUMENT_CHARS) throw this.tooLarge(this.docLine);
  }

  private tooLarge(line: number): ImportError {
    return new ImportError(
      `the JSON document is larger than ${MAX_DOCUMENT_TEXT}, the most this importer holds in memory; export one inventory per line (NDJSON) instead`,
      { file: this.file.displayName, line, record: this.records + 1 },
    );
  }
}

/** A complete JSON object on one line, or undefined (a line of a pretty-printed document, or junk). */
function tryParseObject(line: string): unknown {
  const t = line.trim();
  if (t.charCodeAt(0) !== 123 || t.charCodeAt(t.length - 1) !== 125) return undefined;
  try {
    const v: unknown = JSON.parse(t);
    return isObj(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------
// JSON documents

function jsonDocument(
  value: unknown,
  raw: string,
  location: SourceLocation,
  file: InputFile,
  sink: ImportSink,
): void {
  if (!isObj(value)) {
    throw new ImportError('expected a JSON object (one GLPI inventory document)', {
      file: file.displayName,
      ...location,
    });
  }
  const deviceid = str(value.deviceid);
  if (deviceid === undefined) {
    throw new ImportError('the inventory has no deviceid', {
      file: file.displayName,
      ...location,
      field: 'deviceid',
    });
  }
  // A partial inventory carries only the sections that changed: as a snapshot it would erase the rest.
  if (flag(value.partial) === true) {
    sink.skip('partial inventory', location);
    return;
  }
  const content = value.content;
  if (!isObj(content)) {
    sink.skip('no inventory content', location);
    return;
  }
  const action = (str(value.action) ?? str(value.query) ?? '').toLowerCase();
  const itemtype = str(value.itemtype);
  const ctx: Ctx = { sink, location, raw, line: location.line };
  if (action === 'netdiscovery') {
    // Each discovered device is a record of its own, with its own object as raw text.
    for (const d of list(content.network_device)) {
      if (isObj(d)) discoveredDevice(deviceid, d, itemtype, { ...ctx, raw: JSON.stringify(d) });
    }
    return;
  }
  if (
    isObj(content.network_device) &&
    (action === 'netinventory' || action === 'snmpquery' || !isObj(content.hardware))
  ) {
    networkDevice(
      deviceid,
      content.network_device,
      list(content.network_ports),
      list(content.firmwares),
      itemtype,
      ctx,
      undefined,
    );
    return;
  }
  computer(deviceid, content, itemtype, ctx, undefined);
}

// ---------------------------------------------------------------------------------------------------
// XML documents

function xmlRequest(
  el: XmlElement,
  raw: string,
  location: SourceLocation,
  file: InputFile,
  sink: ImportSink,
): void {
  const deviceid = childText(el, 'DEVICEID');
  if (deviceid === undefined) {
    throw new ImportError('the <REQUEST> has no DEVICEID', {
      file: file.displayName,
      ...location,
      field: 'deviceid',
    });
  }
  const content = child(el, 'CONTENT');
  if (content === undefined) {
    sink.skip('no inventory content', location);
    return;
  }
  const devices = content.children.filter((c) => c.name === 'DEVICE');
  let query = childText(el, 'QUERY')?.toUpperCase();
  query ??=
    devices.length === 0 ? 'INVENTORY' : devices.some((d) => child(d, 'INFO')) ? 'SNMPQUERY' : 'NETDISCOVERY';
  const itemtype = childText(el, 'ITEMTYPE');
  const spans = new XmlSpans(raw, location.line ?? 1);

  if (query === 'INVENTORY') {
    const obj: Obj = {};
    for (const c of content.children)
      if (XML_COMPUTER_SECTIONS.has(c.name)) addValue(obj, c.name.toLowerCase(), toObj(c));
    computer(deviceid, obj, itemtype, { sink, location, raw, line: location.line }, spans);
    return;
  }
  if (query === 'SNMPQUERY' || query === 'SNMP') {
    const deviceSpans = devices.length > 1 ? spans.of('DEVICE', devices.length) : undefined;
    devices.forEach((d, i) => {
      const at = deviceSpans?.[i];
      const ctx: Ctx = at
        ? { sink, location: { line: at.line, record: i + 1 }, raw: at.text, line: at.line }
        : { sink, location, raw, line: location.line };
      const info = child(d, 'INFO');
      const ports = child(d, 'PORTS');
      networkDevice(
        deviceid,
        info ? (toObj(info) as Obj) : {},
        ports ? list((toObj(ports) as Obj).port) : [],
        d.children.filter((c) => c.name === 'FIRMWARES').map(toObj),
        itemtype,
        ctx,
        devices.length === 1 ? spans : undefined,
        true,
      );
    });
    return;
  }
  if (query === 'NETDISCOVERY') {
    const deviceSpans = spans.of('DEVICE', devices.length);
    devices.forEach((d, i) => {
      const at = deviceSpans?.[i];
      const ctx: Ctx = at
        ? { sink, location: { line: at.line, record: i + 1 }, raw: at.text, line: at.line }
        : { sink, location: { line: location.line, record: i + 1 }, raw, line: location.line };
      discoveredDevice(deviceid, toObj(d) as Obj, itemtype, ctx);
    });
    return;
  }
  sink.skip(`${query} request (not an inventory)`, location);
}

type Val = string | Obj | Val[];

/** An XML element in the JSON shape: text for a leaf, an object of lower-case keys, arrays for repeats. */
function toObj(el: XmlElement): Val {
  if (el.children.length === 0) return el.text;
  const o: Obj = {};
  for (const c of el.children) addValue(o, c.name.toLowerCase(), toObj(c));
  return o;
}

function addValue(o: Obj, key: string, v: Val): void {
  const prev = o[key];
  if (prev === undefined) o[key] = v;
  else if (Array.isArray(prev)) prev.push(v);
  else o[key] = [prev as Val, v];
}

/**
 * The verbatim text of sub-elements of one XML record, found by scanning its raw text. Only used when
 * the count matches the element tree, so a tag inside a comment or CDATA section cannot misplace them.
 */
class XmlSpans {
  private readonly cache = new Map<string, { text: string; line: number }[] | undefined>();

  constructor(
    private readonly raw: string,
    private readonly firstLine: number,
  ) {}

  of(tag: string, expected: number): { text: string; line: number }[] | undefined {
    if (this.cache.has(tag)) return this.cache.get(tag);
    const found: { text: string; line: number }[] = [];
    const re = new RegExp(`<(/?)${tag}(?=[\\s/>])[^>]*>`, 'g');
    let depth = 0;
    let start = 0;
    let line = this.firstLine;
    let counted = 0;
    for (let m = re.exec(this.raw); m !== null; m = re.exec(this.raw)) {
      const closing = m[1] === '/';
      const selfClosing = !closing && m[0].endsWith('/>');
      if (!closing && depth === 0) {
        line += countNewlines(this.raw, counted, m.index);
        counted = m.index;
        start = m.index;
        if (selfClosing) found.push({ text: m[0], line });
        else depth = 1;
      } else if (!closing) {
        if (!selfClosing) depth++;
      } else if (depth > 0 && --depth === 0) {
        found.push({ text: this.raw.slice(start, m.index + m[0].length), line });
      }
    }
    const result = found.length === expected ? found : undefined;
    this.cache.set(tag, result);
    return result;
  }
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i !== -1 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

// ---------------------------------------------------------------------------------------------------
// Mapping

interface Ctx {
  sink: ImportSink;
  location: SourceLocation;
  raw: string;
  line?: number;
}

function warn(ctx: Ctx, field: string, message: string, value?: string): void {
  ctx.sink.warn({ message, location: ctx.location, field, value });
}

/** A computer (or phone) inventory: QUERY INVENTORY in XML, action inventory in JSON. */
function computer(
  deviceid: string,
  content: Obj,
  itemtype: string | undefined,
  ctx: Ctx,
  spans: XmlSpans | undefined,
): void {
  const hw = obj(content.hardware);
  const bios = obj(content.bios);
  const os = obj(content.operatingsystem);
  const attrs: CiAttributes = {};
  const extra: Record<string, string | number | boolean> = {};

  const name = str(hw.name);
  if (name !== undefined) attrs.name = name;
  applyNames(attrs, name, str(os.fqdn), str(os.dns_domain) ?? str(hw.workgroup));

  const uuidText = str(hw.uuid);
  if (uuidText !== undefined) {
    const uuid = normalizeUuid(uuidText);
    if (uuid !== undefined) attrs.bios_uuid = uuid;
    else warn(ctx, 'bios_uuid', 'not a usable BIOS UUID (malformed or a placeholder)', uuidText);
  }
  setSerial(attrs, str(bios.ssn), ctx);
  // The motherboard serial identifies the board, not the system: never the serial_number.
  setIfDefined(extra, 'board_serial', normalizeSerial(str(bios.msn)));
  setIfDefined(
    attrs,
    'manufacturer',
    normalizeManufacturer(str(bios.smanufacturer)) ?? normalizeManufacturer(str(bios.mmanufacturer)),
  );
  setIfDefined(attrs, 'model', str(bios.smodel) ?? str(bios.mmodel));

  const fullName = str(os.full_name) ?? str(hw.osname);
  const osName = str(os.name);
  const osVersion = str(os.version);
  const osText =
    fullName ?? (osName !== undefined && osVersion !== undefined ? `${osName} ${osVersion}` : osName);
  if (osText !== undefined) {
    attrs.os = osText;
    const parsed = parseOs(fullName, { name: osName, version: osVersion });
    if (parsed) {
      attrs.os_family = parsed.family;
      setIfDefined(attrs, 'os_name', parsed.name);
      setIfDefined(attrs, 'os_version', parsed.version);
    }
  }

  const cpus = list(content.cpus).filter(isObj);
  if (cpus.length > 0) {
    attrs.cpu_count = cpus.length;
    let cores = 0;
    for (const c of cpus) cores += count(c.core) ?? 0;
    if (cores > 0) extra.cpu_cores = cores;
  } else {
    const n = count(hw.processorn);
    if (n !== undefined && n > 0) attrs.cpu_count = n;
  }
  setRam(attrs, hw.memory, list(content.memories), ctx);

  const vmsystem = str(hw.vmsystem);
  if (vmsystem !== undefined) {
    attrs.virtual = vmsystem.toLowerCase() !== 'physical';
    if (attrs.virtual) extra.vmsystem = vmsystem;
  }
  applyNetworks(attrs, list(content.networks), ctx);
  setIfDefined(attrs, 'last_seen', normalizeTimestamp(str(obj(content.accesslog).logdate)));
  if (Object.keys(extra).length > 0) attrs.extra = extra;

  const family = attrs.os_family;
  const type = itemtype?.toLowerCase();
  const ciType: CiType =
    type === 'phone' || family === 'android' || family === 'ios'
      ? 'other'
      : family === 'esxi'
        ? 'hypervisor'
        : 'computer';
  ctx.sink.record({
    key: deviceid,
    ciClass: itemtype ?? 'Computer',
    ciType,
    name,
    raw: ctx.raw,
    attrs,
    location: ctx.location,
  });
  hostedVms(deviceid, list(content.virtualmachines), ctx, spans);
}

/** SNMP inventory of a network device or printer: JSON network_device, XML SNMPQUERY DEVICE/INFO. */
function networkDevice(
  deviceid: string,
  dev: Obj,
  ports: unknown[],
  firmwares: unknown[],
  itemtype: string | undefined,
  ctx: Ctx,
  spans: XmlSpans | undefined,
  agentScoped = false,
): void {
  const attrs: CiAttributes = {};
  const extra: Record<string, string | number | boolean> = {};
  const name = deviceAttrs(dev, attrs, extra, ctx);
  const firmware = firmwares.map(obj).find((f) => str(f.type)?.toLowerCase() === 'device');
  if (firmware) {
    if (extra.firmware === undefined) setIfDefined(extra, 'firmware', str(firmware.version));
    if (attrs.manufacturer === undefined)
      setIfDefined(attrs, 'manufacturer', normalizeManufacturer(str(firmware.manufacturer)));
    if (attrs.model === undefined) setIfDefined(attrs, 'model', str(firmware.name));
  }
  if (Object.keys(extra).length > 0) attrs.extra = extra;
  const devType = str(dev.type);
  const ciType =
    DEVICE_TYPES.get(devType?.toLowerCase() ?? '') ??
    DEVICE_TYPES.get(itemtype?.toLowerCase() ?? '') ??
    'network_device';
  // An XML SNMP query is keyed by the querying agent's DEVICEID, the same for every device it polls.
  const key = agentScoped
    ? scopedKey(deviceid, attrs.serial_number ?? attrs.mac_address ?? attrs.ip_address)
    : deviceid;
  ctx.sink.record({
    key,
    ciClass: itemtype ?? devType,
    ciType,
    name,
    raw: ctx.raw,
    attrs,
    location: ctx.location,
  });
  neighbourLinks(key, ports, ctx, spans);
}

/** One device found by a network discovery: keyed by the discovering agent and the device's IP or MAC. */
function discoveredDevice(deviceid: string, dev: Obj, itemtype: string | undefined, ctx: Ctx): void {
  const attrs: CiAttributes = {};
  const extra: Record<string, string | number | boolean> = {};
  const name = deviceAttrs(dev, attrs, extra, ctx);
  const id = attrs.ip_address ?? attrs.mac_address;
  if (id === undefined) {
    warn(ctx, 'ip', 'discovered device has no usable IP or MAC address; skipped');
    ctx.sink.skip('discovered device without IP or MAC', ctx.location);
    return;
  }
  if (Object.keys(extra).length > 0) attrs.extra = extra;
  const devType = str(dev.type);
  const ciType =
    DEVICE_TYPES.get(devType?.toLowerCase() ?? '') ??
    DEVICE_TYPES.get(itemtype?.toLowerCase() ?? '') ??
    'computer';
  ctx.sink.record({
    key: scopedKey(deviceid, id),
    ciClass: devType,
    ciType,
    name,
    raw: ctx.raw,
    attrs,
    location: ctx.location,
  });
}

function scopedKey(deviceid: string, id: string | undefined): string {
  return id === undefined ? deviceid : `${deviceid}/${id}`;
}

/** Attributes shared by SNMP-inventoried and discovered devices. Returns the display name. */
function deviceAttrs(
  dev: Obj,
  attrs: CiAttributes,
  extra: Record<string, string | number | boolean>,
  ctx: Ctx,
): string | undefined {
  const dnsName = str(dev.dnshostname);
  const name =
    str(dev.name) ??
    str(dev.snmphostname) ??
    str(dev.netbiosname) ??
    (parseHostName(dnsName)?.isIp ? undefined : dnsName);
  if (name !== undefined) attrs.name = name;
  applyNames(attrs, name, dnsName, undefined);
  setSerial(attrs, str(dev.serial), ctx);

  const macText = str(dev.mac);
  const mac = macText !== undefined ? checkMac(macText, ctx) : undefined;
  if (mac !== undefined) {
    attrs.mac_address = mac;
    attrs.mac_addresses = [mac];
  }
  const ips: string[] = [];
  const primaryText = str(dev.ip);
  const primary = primaryText !== undefined ? checkIp(primaryText, ctx) : undefined;
  if (primary !== undefined) ips.push(primary);
  for (const t of ipTexts(dev.ips)) {
    const ip = checkIp(t, ctx);
    if (ip !== undefined && !ips.includes(ip)) ips.push(ip);
  }
  if (ips.length > 0) {
    attrs.ip_addresses = ips;
    setIfDefined(
      attrs,
      'ip_address',
      primary ?? ips.find((ip) => ip.indexOf(':') === -1 && isIdentifyingIp(ip)),
    );
  }
  setIfDefined(attrs, 'manufacturer', normalizeManufacturer(str(dev.manufacturer)));
  setIfDefined(attrs, 'model', str(dev.model));
  setIfDefined(extra, 'firmware', str(dev.firmware));
  setIfDefined(attrs, 'location', str(dev.location));
  // sysContact: who answers for the device.
  setIfDefined(attrs, 'owner', str(dev.contact));
  const ram = dev.ram !== undefined ? parseMemoryMb(str(dev.ram), 'MB') : undefined;
  setIfDefined(attrs, 'ram_mb', ram);

  // sysDescr usually names the OS ("Cisco NX-OS(tm) ucs, Software ..."); kept only when recognised.
  const descr = (str(dev.description) ?? str(dev.comments))
    ?.split(NEWLINE)
    .find((l) => l.trim() !== '')
    ?.trim();
  const parsed = descr !== undefined ? parseOs(descr) : undefined;
  if (parsed && descr !== undefined) {
    attrs.os = descr;
    attrs.os_family = parsed.family;
    setIfDefined(attrs, 'os_name', parsed.name);
    setIfDefined(attrs, 'os_version', parsed.version);
  }
  return name;
}

/**
 * host_name from the FQDN the OS reports, else from the machine name; the FQDN from the OS, else the
 * name plus a DNS domain. A Windows WORKGROUP ("WORKGROUP", "CORP") is a NetBIOS name, not a DNS domain:
 * only a dotted domain is accepted.
 */
function applyNames(
  attrs: CiAttributes,
  name: string | undefined,
  fqdnText: string | undefined,
  domainText: string | undefined,
): void {
  const fq = parseHostName(fqdnText);
  if (fq !== undefined && !fq.isIp) {
    attrs.host_name = fq.host;
    if (fq.fqdn !== undefined) {
      attrs.fqdn = fq.fqdn;
      attrs.dns_domain = fq.domain;
    }
  }
  const hn = parseHostName(name);
  if (hn !== undefined && !hn.isIp) {
    if (attrs.host_name === undefined) {
      attrs.host_name = hn.host;
      if (hn.fqdn !== undefined) {
        attrs.fqdn = hn.fqdn;
        attrs.dns_domain = hn.domain;
      }
    } else if (hn.host !== attrs.host_name) {
      attrs.aliases = [hn.host];
    }
  }
  if (attrs.fqdn === undefined && attrs.host_name !== undefined) {
    const domain = parseHostName(domainText);
    if (domain !== undefined && !domain.isIp && domain.fqdn !== undefined) {
      attrs.dns_domain = domain.fqdn;
      attrs.fqdn = `${attrs.host_name}.${domain.fqdn}`;
    }
  }
}

function setSerial(attrs: CiAttributes, text: string | undefined, ctx: Ctx): void {
  if (text === undefined) return;
  const serial = normalizeSerial(text);
  if (serial !== undefined) attrs.serial_number = serial;
  else warn(ctx, 'serial_number', 'placeholder serial number ignored', text);
}

/** hardware.memory in MB; without it, the sum of the memory modules. */
function setRam(attrs: CiAttributes, memory: unknown, modules: unknown[], ctx: Ctx): void {
  const text = str(memory);
  if (text !== undefined) {
    const mb = parseMemoryMb(text, 'MB');
    if (mb !== undefined) {
      attrs.ram_mb = mb;
      return;
    }
    warn(ctx, 'ram_mb', 'not a memory size', text);
  }
  let sum = 0;
  for (const m of modules) {
    const cap = str(obj(m).capacity);
    if (cap !== undefined) sum += parseMemoryMb(cap, 'MB') ?? 0;
  }
  if (sum > 0) attrs.ram_mb = sum;
}

interface Nic {
  name?: string;
  mac?: string;
  ips: string[];
  virtual: boolean;
}

/**
 * Interfaces, all addresses, and the primary IP and MAC. Agents list one entry per address, so entries
 * with the same name and MAC are one interface. The primary IPv4 is the first identifying one on a
 * physical interface, so lo, docker0 (172.17.0.1) and libvirt bridges never become primary; its MAC
 * is the primary MAC when identifying. Some agents (FusionInventory on macOS) mark every interface
 * virtual; the flag then tells nothing and all interfaces are candidates.
 */
function applyNetworks(attrs: CiAttributes, networks: unknown[], ctx: Ctx): void {
  const nics: Nic[] = [];
  const ips: string[] = [];
  const macs: string[] = [];
  for (const n of networks) {
    if (!isObj(n)) continue;
    const name = str(n.description);
    const macText = str(n.mac) ?? str(n.macaddr);
    const mac = macText !== undefined ? checkMac(macText, ctx) : undefined;
    const virtual = flag(n.virtualdev) === true || str(n.type)?.toLowerCase() === 'loopback';
    let nic = nics.find((x) => x.name === name && x.mac === mac);
    if (nic === undefined) {
      nic = { name, mac, ips: [], virtual };
      nics.push(nic);
    } else if (virtual) nic.virtual = true;
    for (const text of [str(n.ipaddress), str(n.ipaddress6)]) {
      if (text === undefined) continue;
      const ip = checkIp(text, ctx);
      if (ip === undefined) continue;
      if (!nic.ips.includes(ip)) nic.ips.push(ip);
      if (!ips.includes(ip)) ips.push(ip);
    }
    if (mac !== undefined && !macs.includes(mac)) macs.push(mac);
  }
  if (nics.length === 0) return;
  attrs.interfaces = nics.map(toInterface);
  if (ips.length > 0) attrs.ip_addresses = ips;
  if (macs.length > 0) attrs.mac_addresses = macs;

  const allVirtual = nics.every((n) => n.virtual);
  const candidates = allVirtual ? nics : nics.filter((n) => !n.virtual);
  for (const n of candidates) {
    const ip = n.ips.find((x) => x.indexOf(':') === -1 && isIdentifyingIp(x));
    if (ip !== undefined) {
      attrs.ip_address = ip;
      if (n.mac !== undefined && isIdentifyingMac(n.mac)) attrs.mac_address = n.mac;
      break;
    }
  }
  if (attrs.mac_address === undefined) {
    setIfDefined(
      attrs,
      'mac_address',
      candidates.find((n) => n.mac !== undefined && isIdentifyingMac(n.mac))?.mac,
    );
  }
}

function toInterface(n: Nic): NetworkInterface {
  const i: NetworkInterface = {};
  if (n.name !== undefined) i.name = n.name;
  if (n.mac !== undefined) i.mac = n.mac;
  if (n.ips.length > 0) i.ips = n.ips;
  i.virtual = n.virtual;
  return i;
}

/** Canonical MAC; malformed and all-zero/broadcast MACs ("no MAC") are warnings, never attributes. */
function checkMac(text: string, ctx: Ctx): string | undefined {
  const mac = normalizeMac(text);
  if (mac === undefined) {
    warn(ctx, 'mac_address', 'not a MAC address', text);
    return undefined;
  }
  const flags = macFlags(mac);
  if (flags.includes('zero') || flags.includes('broadcast')) {
    warn(ctx, 'mac_address', 'placeholder MAC address ignored', text);
    return undefined;
  }
  return mac;
}

/** Canonical IP; 0.0.0.0 and :: mean "no address" and are dropped silently. */
function checkIp(text: string, ctx: Ctx): string | undefined {
  const ip = normalizeIp(text);
  if (ip === undefined) {
    warn(ctx, 'ip_address', 'not an IP address', text);
    return undefined;
  }
  return ipFlags(ip).includes('unspecified') ? undefined : ip;
}

/** network_device.ips is an array in JSON and <IPS><IP/>...</IPS> in XML. */
function ipTexts(v: unknown): string[] {
  const out: string[] = [];
  for (const item of list(v)) {
    if (isObj(item)) {
      for (const ip of list(item.ip)) {
        const s = str(ip);
        if (s !== undefined) out.push(s);
      }
    } else {
      const s = str(item);
      if (s !== undefined) out.push(s);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Relationships

/** Each guest VM is hosted on this machine; the VM is named by its UUID when it has a usable one. */
function hostedVms(deviceid: string, vms: unknown[], ctx: Ctx, spans: XmlSpans | undefined): void {
  if (vms.length === 0) return;
  const vmSpans = spans?.of('VIRTUALMACHINES', vms.length);
  const seen = new Set<string>();
  vms.forEach((v, i) => {
    if (!isObj(v)) return;
    const at = vmSpans?.[i];
    const location: SourceLocation = at ? { line: at.line, record: ctx.location.record } : ctx.location;
    const uuidText = str(v.uuid);
    const uuid = uuidText !== undefined ? normalizeUuid(uuidText) : undefined;
    const name = str(v.name);
    if (uuid === undefined && name === undefined) {
      ctx.sink.warn({
        message: 'virtual machine without a name or UUID',
        location,
        field: 'virtualmachines',
      });
      return;
    }
    const parent: EndpointRef =
      uuid !== undefined ? { kind: 'uuid', value: uuid } : { kind: 'name', value: name! };
    const key = `${deviceid}/vm/${uuid ?? name}`;
    if (seen.has(key)) return;
    seen.add(key);
    ctx.sink.relationship({
      key,
      type: HOSTED_ON,
      parent,
      child: { kind: 'key', value: deviceid },
      raw: at?.text ?? JSON.stringify(v),
      location,
    });
  });
}

/**
 * CDP/LLDP neighbours of a network device's ports. Only ports flagged as CDP/LLDP links count: other
 * "connections" are MAC forwarding tables, which say what is behind a port, not what is plugged in.
 */
function neighbourLinks(key: string, ports: unknown[], ctx: Ctx, spans: XmlSpans | undefined): void {
  if (ports.length === 0) return;
  const all: { port: Obj; conn: unknown; link: boolean; portIndex: number }[] = [];
  ports.forEach((p, portIndex) => {
    if (!isObj(p)) return;
    const xml = isObj(p.connections) ? p.connections : undefined;
    const link = xml
      ? flag(xml.cdp) === true || flag(xml.lldp) === true
      : flag(p.lldp) === true || flag(p.cdp) === true;
    for (const conn of xml ? list(xml.connection) : list(p.connections))
      all.push({ port: p, conn, link, portIndex });
  });
  if (!all.some((c) => c.link)) return;
  const connSpans = spans?.of('CONNECTION', all.length);
  const seen = new Set<string>();
  all.forEach(({ port, conn, link, portIndex }, i) => {
    if (!link || !isObj(conn)) return;
    const ref = neighbourRef(conn);
    if (ref === undefined) return;
    const portName = str(port.ifname) ?? str(port.ifdescr) ?? str(port.ifnumber) ?? String(portIndex + 1);
    const relKey = `${key}/port/${portName}/${ref.value}`;
    if (seen.has(relKey)) return;
    seen.add(relKey);
    const at = connSpans?.[i];
    ctx.sink.relationship({
      key: relKey,
      type: CONNECTS_TO,
      parent: { kind: 'key', value: key },
      child: ref,
      raw: at?.text ?? JSON.stringify(conn),
      location: at ? { line: at.line, record: ctx.location.record } : ctx.location,
    });
  });
}

/** The neighbour's system name when it is a host name, else its management IP. */
function neighbourRef(conn: Obj): EndpointRef | undefined {
  const sysname = str(conn.sysname)?.replace(SERIAL_SUFFIX, '');
  const hn = parseHostName(sysname);
  if (sysname !== undefined && hn !== undefined && !hn.isIp) return { kind: 'name', value: sysname };
  const ipText = str(conn.ip);
  const ip = ipText !== undefined ? normalizeIp(ipText) : undefined;
  if (ip !== undefined && isIdentifyingIp(ip)) return { kind: 'ip', value: ip };
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Value helpers: JSON and converted XML give strings, numbers, booleans, objects or arrays.

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const EMPTY: Obj = Object.freeze({}) as Obj;

function obj(v: unknown): Obj {
  return isObj(v) ? v : EMPTY;
}

/** A single value as trimmed text; undefined for empty, objects and arrays. */
function str(v: unknown): string | undefined {
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? undefined : t;
  }
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : undefined;
  return undefined;
}

/** An array as is; a single value (XML element that occurs once) as a one-element array. */
function list(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  return v === undefined || v === null || v === '' ? [] : [v];
}

function flag(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  const s = str(v)?.toLowerCase();
  if (s === '1' || s === 'true' || s === 'yes') return true;
  if (s === '0' || s === 'false' || s === 'no') return false;
  return undefined;
}

function count(v: unknown): number | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  const n = Number(s);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}
