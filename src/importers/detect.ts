import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { detectDelimiter } from './csv-reader.js';
import { detectEncoding } from './text-input.js';
import type { FormatId } from './types.js';

/**
 * Recognises a file's format from its first 64 KB, the way a user would: the XML root element, the JSON
 * keys, or the CSV header. The generic `csv` format is never guessed; it needs a column mapping.
 */

export interface Detection {
  format: FormatId;
  reason: string;
}

const SAMPLE_BYTES = 64 * 1024;

export function readHead(file: string, bytes = SAMPLE_BYTES): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

export function detectFormat(file: string, head: Buffer = readHead(file)): Detection | undefined {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    if (/\.xlsx$/i.test(file))
      return { format: 'rvtools-vinfo', reason: 'an Excel workbook (RVTools export, vInfo sheet)' };
    return undefined;
  }
  let text: string;
  try {
    const { encoding, bomLength } = detectEncoding(head, path.basename(file));
    text = new TextDecoder(encoding).decode(head.subarray(bomLength));
  } catch {
    return undefined;
  }
  const t = text.trimStart();
  if (t.startsWith('<')) return detectXml(t);
  if (t.startsWith('{') || t.startsWith('[')) return detectJson(t);
  return detectCsv(t);
}

function detectXml(t: string): Detection | undefined {
  // Skip the prolog, doctype and comments to the root element.
  const root = /<(?![?!])([A-Za-z_][\w.-]*)/.exec(t)?.[1];
  switch (root) {
    case 'nmaprun':
      return { format: 'nmap-xml', reason: 'XML with an <nmaprun> root (nmap -oX)' };
    case 'REQUEST':
      return { format: 'glpi-inventory', reason: 'XML with a <REQUEST> root (GLPI / FusionInventory agent)' };
    default:
      return undefined;
  }
}

function detectJson(t: string): Detection | undefined {
  if (/"Reservations"\s*:/.test(t))
    return { format: 'aws-ec2', reason: 'JSON with "Reservations" (aws ec2 describe-instances)' };
  const glpiContent =
    /"content"\s*:\s*\{/.test(t) &&
    /"(versionclient|hardware|bios|operatingsystem|network_device|network_components|network_ports)"\s*:/.test(
      t,
    );
  if ((/"deviceid"\s*:/.test(t) && /"content"\s*:/.test(t)) || glpiContent) {
    return { format: 'glpi-inventory', reason: 'JSON with "deviceid" and "content" (GLPI agent inventory)' };
  }
  if (
    /^\[\s*\{\s*"model"\s*:\s*"(dcim|virtualization|ipam|circuits|tenancy|extras|auth|contenttypes|sessions|users|core)\./.test(
      t,
    )
  ) {
    return { format: 'netbox', reason: 'a NetBox/Django dumpdata export' };
  }
  if (
    /"results"\s*:\s*\[/.test(t) &&
    /"(device_type|vcpus|primary_ip4|assigned_object_type|a_terminations|mgmt_only|virtual_machine_count|cluster_type|mark_connected)"\s*:/.test(
      t,
    )
  ) {
    return { format: 'netbox', reason: 'a NetBox REST API list' };
  }
  // {"records": [...]}, {"result": [...]}, or a bare array of records with sys_ids and classes.
  const snArray =
    /"(records|result)"\s*:\s*\[/.test(t) ||
    (/^\s*\[\s*\{/.test(t) && /"sys_class_name"\s*:|"parent"\s*:/.test(t));
  if (snArray && /"sys_id"\s*:/.test(t)) {
    const rel = /"parent"\s*:/.test(t) && /"child"\s*:/.test(t) && /"type"\s*:/.test(t);
    return rel
      ? { format: 'servicenow-rel', reason: 'ServiceNow JSON export of cmdb_rel_ci (parent, type, child)' }
      : { format: 'servicenow-ci', reason: 'ServiceNow JSON export of CMDB CIs (sys_id)' };
  }
  return undefined;
}

function detectCsv(t: string): Detection | undefined {
  const nl = t.indexOf('\n');
  const first = (nl >= 0 ? t.slice(0, nl) : t).replace(/\r$/, '');
  const delimiter = detectDelimiter(first);
  const cols = new Set(
    first.split(delimiter).map((c) => c.trim().replace(/^"|"$/g, '').trim().toLowerCase()),
  );
  const has = (...names: string[]) => names.some((n) => cols.has(n));
  if (has('sys_id', 'sys id') && has('parent') && has('child') && has('type')) {
    return {
      format: 'servicenow-rel',
      reason: 'CSV with sys_id, parent, type and child columns (cmdb_rel_ci)',
    };
  }
  if (has('sys_id', 'sys id') && has('sys_class_name', 'class', 'name')) {
    return {
      format: 'servicenow-ci',
      reason: 'CSV with sys_id and class/name columns (ServiceNow CMDB export)',
    };
  }
  if (has('vm') && has('powerstate', 'vm id', 'vm uuid', 'template')) {
    return { format: 'rvtools-vinfo', reason: 'CSV with VM and Powerstate/VM ID columns (RVTools vInfo)' };
  }
  return undefined;
}
