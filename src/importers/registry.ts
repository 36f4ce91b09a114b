import { UserError } from '../util/errors.js';
import { FORMAT_IDS, type FormatId, type FormatImporter, type SourceRole } from './types.js';

export interface FormatInfo {
  id: FormatId;
  label: string;
  /** Default role of a source first created by importing this format. */
  role: SourceRole;
  /** What the format describes, for `cmdbw import --help`. */
  description: string;
}

export const FORMATS: Record<FormatId, FormatInfo> = {
  'servicenow-ci': {
    id: 'servicenow-ci',
    label: 'ServiceNow CIs',
    role: 'cmdb',
    description:
      'CMDB CI export of any cmdb_ci* table: CSV (field names or labels) or JSON {"records":[...]}; key sys_id',
  },
  'servicenow-rel': {
    id: 'servicenow-rel',
    label: 'ServiceNow relationships',
    role: 'cmdb',
    description:
      'cmdb_rel_ci export, CSV or JSON (parent, type, child as sys_ids or display values); key sys_id',
  },
  'nmap-xml': {
    id: 'nmap-xml',
    label: 'nmap XML',
    role: 'discovery',
    description: 'nmap -oX output; key: the host IPv4 address',
  },
  'rvtools-vinfo': {
    id: 'rvtools-vinfo',
    label: 'RVTools vInfo',
    role: 'discovery',
    description: 'RVTools vInfo tab as CSV, or the .xlsx workbook (vInfo sheet); key VM ID',
  },
  'glpi-inventory': {
    id: 'glpi-inventory',
    label: 'GLPI agent inventory',
    role: 'discovery',
    description: 'GLPI / FusionInventory agent inventories: JSON, NDJSON (one per line) or XML; key deviceid',
  },
  'aws-ec2': {
    id: 'aws-ec2',
    label: 'AWS EC2',
    role: 'discovery',
    description: 'aws ec2 describe-instances JSON; key InstanceId',
  },
  netbox: {
    id: 'netbox',
    label: 'NetBox',
    role: 'cmdb',
    description:
      'NetBox export (devices, virtual machines, interfaces, IP addresses, cables): dumpdata JSON or REST lists; key object id',
  },
  csv: {
    id: 'csv',
    label: 'CSV with a column mapping',
    role: 'discovery',
    description: 'any CSV, with a JSON mapping (--mapping) naming the key, class and attribute columns',
  },
};

const LOADERS: Partial<Record<FormatId, () => Promise<FormatImporter>>> = {
  'servicenow-ci': async () => (await import('./formats/servicenow-ci.js')).servicenowCi,
  'servicenow-rel': async () => (await import('./formats/servicenow-rel.js')).servicenowRel,
  'nmap-xml': async () => (await import('./formats/nmap-xml.js')).nmapXml,
  'glpi-inventory': async () => (await import('./formats/glpi-inventory.js')).glpiInventory,
  'aws-ec2': async () => (await import('./formats/aws-ec2.js')).awsEc2,
  'rvtools-vinfo': async () => (await import('./formats/rvtools-vinfo.js')).rvtoolsVinfo,
  netbox: async () => (await import('./formats/netbox.js')).netbox,
  csv: async () => (await import('./formats/generic-csv.js')).genericCsv,
};

export function isFormatId(s: string): s is FormatId {
  return (FORMAT_IDS as readonly string[]).includes(s);
}

export async function loadImporter(format: FormatId): Promise<FormatImporter> {
  const load = LOADERS[format];
  if (!load) throw new UserError('UNSUPPORTED_FORMAT', `format ${format} is not available in this build`);
  return load();
}
