/**
 * Source class names to the canonical CI type: ServiceNow tables (and their labels), iTop classes,
 * NetBox device roles. The OS family a class implies (cmdb_ci_linux_server) and whether it is a virtual
 * machine come along, since importers otherwise lose them.
 */
import type { CiType } from '../domain/attributes.js';
import type { OsInfo } from './os.js';

export interface ClassInfo {
  ciType: CiType;
  osFamily?: string;
  virtual?: boolean;
}

const OTHER: ClassInfo = { ciType: 'other' };

function ci(ciType: CiType, osFamily?: string, virtual?: boolean): ClassInfo {
  const out: ClassInfo = { ciType };
  if (osFamily !== undefined) out.osFamily = osFamily;
  if (virtual !== undefined) out.virtual = virtual;
  return out;
}

// ---------------------------------------------------------------------------------------------------
// ServiceNow

/** Exact tables, checked before the prefix rules. */
const SN_TABLES: ReadonlyMap<string, ClassInfo> = new Map<string, ClassInfo>([
  ['cmdb_ci_linux_server', ci('computer', 'linux')],
  ['cmdb_ci_win_server', ci('computer', 'windows')],
  ['cmdb_ci_unix_server', ci('computer', 'unix')],
  ['cmdb_ci_solaris_server', ci('computer', 'unix')],
  ['cmdb_ci_aix_server', ci('computer', 'unix')],
  ['cmdb_ci_hpux_server', ci('computer', 'unix')],
  ['cmdb_ci_osx_server', ci('computer', 'macos')],
  ['cmdb_ci_server', ci('computer')],
  ['cmdb_ci_computer', ci('computer')],
  ['cmdb_ci_pc_hardware', ci('computer')],
  ['cmdb_ci_mainframe', ci('computer')],
  ['cmdb_ci_esx_server', ci('hypervisor', 'esxi')],
  ['cmdb_ci_hyper_v_server', ci('hypervisor', 'windows')],
  ['cmdb_ci_virtualization_server', ci('hypervisor')],
  ['cmdb_ci_vmware_instance', ci('computer', undefined, true)],
  ['cmdb_ci_vm_instance', ci('computer', undefined, true)],
  ['cmdb_ci_vm', ci('computer', undefined, true)],
  ['cmdb_ci_vm_object', ci('computer', undefined, true)],
  ['cmdb_ci_hyper_v_instance', ci('computer', undefined, true)],
  ['cmdb_ci_kvm_vm_instance', ci('computer', undefined, true)],
  ['cmdb_ci_ec2_instance', ci('computer', undefined, true)],
  ['cmdb_ci_azure_instance', ci('computer', undefined, true)],
  ['cmdb_ci_gcp_instance', ci('computer', undefined, true)],
  ['cmdb_ci_vmware_template', ci('template', undefined, true)],
  ['cmdb_ci_ip_switch', ci('network_device')],
  ['cmdb_ci_ip_router', ci('network_device')],
  ['cmdb_ci_ip_firewall', ci('network_device')],
  ['cmdb_ci_netgear', ci('network_device')],
  ['cmdb_ci_wap_network', ci('network_device')],
  ['cmdb_ci_printer', ci('printer')],
  ['cmdb_ci_mfp', ci('printer')],
  ['cmdb_ci_web_server', ci('application')],
  ['cmdb_ci_database', ci('database')],
  ['service_offering', ci('service')],
  ['cmdb_ci_business_app', ci('application')],
  ['cmdb_ci_cluster_node', ci('computer')],
  ['cmdb_ci_datacenter', ci('site')],
  ['cmn_location', ci('site')],
  ['sys_user', ci('person')],
]);

const CLUSTER = ci('cluster');

/** Table families by prefix, in order; the first match wins. */
const SN_PREFIXES: readonly (readonly [string, ClassInfo])[] = [
  ['cmdb_ci_lb', ci('network_device')],
  ['cmdb_ci_storage', ci('storage')],
  ['cmdb_ci_san', ci('storage')],
  ['cmdb_ci_nas', ci('storage')],
  ['cmdb_ci_appl', ci('application')],
  ['cmdb_ci_app_server', ci('application')],
  ['cmdb_ci_db_', ci('database')],
  ['cmdb_ci_service', ci('service')],
  ['cmdb_ci_cluster', CLUSTER],
];
/** Cluster tables named by platform (cmdb_ci_vcenter_cluster, cmdb_ci_kubernetes_cluster). */
const SN_CLUSTER_SUFFIX = /_cluster$/;

/** Display labels of the tables above, as they appear in list exports ("Class" column). */
const SN_LABELS: ReadonlyMap<string, string> = new Map([
  ['linux server', 'cmdb_ci_linux_server'],
  ['windows server', 'cmdb_ci_win_server'],
  ['unix server', 'cmdb_ci_unix_server'],
  ['solaris server', 'cmdb_ci_solaris_server'],
  ['aix server', 'cmdb_ci_aix_server'],
  ['hp-ux server', 'cmdb_ci_hpux_server'],
  ['hpux server', 'cmdb_ci_hpux_server'],
  ['os x server', 'cmdb_ci_osx_server'],
  ['server', 'cmdb_ci_server'],
  ['computer', 'cmdb_ci_computer'],
  ['personal computer', 'cmdb_ci_pc_hardware'],
  ['mainframe', 'cmdb_ci_mainframe'],
  ['esx server', 'cmdb_ci_esx_server'],
  ['hyper-v server', 'cmdb_ci_hyper_v_server'],
  ['virtualization server', 'cmdb_ci_virtualization_server'],
  ['vmware virtual machine instance', 'cmdb_ci_vmware_instance'],
  ['virtual machine instance', 'cmdb_ci_vm_instance'],
  ['virtual machine', 'cmdb_ci_vm'],
  ['virtual machine object', 'cmdb_ci_vm_object'],
  ['hyper-v virtual machine', 'cmdb_ci_hyper_v_instance'],
  ['ec2 virtual machine', 'cmdb_ci_ec2_instance'],
  ['azure virtual machine', 'cmdb_ci_azure_instance'],
  ['vmware virtual machine template', 'cmdb_ci_vmware_template'],
  ['ip switch', 'cmdb_ci_ip_switch'],
  ['ip router', 'cmdb_ci_ip_router'],
  ['ip firewall', 'cmdb_ci_ip_firewall'],
  ['network gear', 'cmdb_ci_netgear'],
  ['wireless access point', 'cmdb_ci_wap_network'],
  ['load balancer', 'cmdb_ci_lb'],
  ['printer', 'cmdb_ci_printer'],
  ['storage device', 'cmdb_ci_storage_device'],
  ['storage server', 'cmdb_ci_storage_server'],
  ['san', 'cmdb_ci_san'],
  ['san switch', 'cmdb_ci_san_switch'],
  ['nas file system', 'cmdb_ci_nas_file_system'],
  ['application', 'cmdb_ci_appl'],
  ['application server', 'cmdb_ci_app_server'],
  ['tomcat', 'cmdb_ci_app_server_tomcat'],
  ['web server', 'cmdb_ci_web_server'],
  ['database', 'cmdb_ci_database'],
  ['database instance', 'cmdb_ci_db_instance'],
  ['oracle instance', 'cmdb_ci_db_ora_instance'],
  ['mssql instance', 'cmdb_ci_db_mssql_instance'],
  ['mysql instance', 'cmdb_ci_db_mysql_instance'],
  ['postgresql instance', 'cmdb_ci_db_postgresql_instance'],
  ['db2 instance', 'cmdb_ci_db_db2_instance'],
  ['business service', 'cmdb_ci_service'],
  ['service', 'cmdb_ci_service'],
  ['technical service', 'cmdb_ci_service_technical'],
  ['application service', 'cmdb_ci_service_auto'],
  ['service offering', 'service_offering'],
  ['business application', 'cmdb_ci_business_app'],
  ['cluster', 'cmdb_ci_cluster'],
  ['cluster node', 'cmdb_ci_cluster_node'],
  ['vcenter cluster', 'cmdb_ci_vcenter_cluster'],
  ['datacenter', 'cmdb_ci_datacenter'],
  ['location', 'cmn_location'],
  ['user', 'sys_user'],
]);

const SPACE_RUN = /\s+/g;

function classifyTable(table: string): ClassInfo | undefined {
  const exact = SN_TABLES.get(table);
  if (exact) return exact;
  for (const [prefix, info] of SN_PREFIXES) if (table.startsWith(prefix)) return info;
  if (SN_CLUSTER_SUFFIX.test(table)) return CLUSTER;
  return undefined;
}

/**
 * CI type of a ServiceNow sys_class_name (table name) or its display label ("Linux Server"); 'other'
 * when unknown. Subclasses not listed fall into their family by prefix (cmdb_ci_db_ora_instance is a
 * database, cmdb_ci_storage_switch storage).
 */
export function classifyServiceNowClass(sysClassName: string | null | undefined): ClassInfo {
  if (sysClassName == null) return { ...OTHER };
  const key = sysClassName.trim().toLowerCase();
  if (key === '') return { ...OTHER };
  const table = SN_LABELS.get(key.replace(SPACE_RUN, ' ')) ?? key;
  const found = classifyTable(table);
  return found ? { ...found } : { ...OTHER };
}

// ---------------------------------------------------------------------------------------------------
// iTop

/**
 * iTop classes (datamodel 2.x/3.x). DBServer is the database *instance* (software), so database;
 * SANSwitch stays with storage, where iTop's own datacenter model files it.
 */
const ITOP: ReadonlyMap<string, ClassInfo> = new Map<string, ClassInfo>([
  ['server', ci('computer')],
  ['pc', ci('computer')],
  ['virtualmachine', ci('computer', undefined, true)],
  ['hypervisor', ci('hypervisor')],
  ['farm', ci('cluster')],
  ['networkdevice', ci('network_device')],
  ['printer', ci('printer')],
  ['storagesystem', ci('storage')],
  ['nas', ci('storage')],
  ['sanswitch', ci('storage')],
  ['tapelibrary', ci('storage')],
  ['nasfilesystem', ci('storage')],
  ['logicalvolume', ci('storage')],
  ['dbserver', ci('database')],
  ['databaseschema', ci('database')],
  ['webserver', ci('application')],
  ['middleware', ci('application')],
  ['middlewareinstance', ci('application')],
  ['othersoftware', ci('application')],
  ['pcsoftware', ci('application')],
  ['webapplication', ci('application')],
  ['applicationsolution', ci('application')],
  ['businessprocess', ci('service')],
  ['service', ci('service')],
  ['servicesubcategory', ci('service')],
  ['location', ci('site')],
  ['person', ci('person')],
]);

/** CI type of an iTop class name (case-insensitive); 'other' when unknown (Rack, Team, Model...). */
export function classifyItopClass(cls: string): ClassInfo {
  const found = ITOP.get(cls.trim().toLowerCase());
  return found ? { ...found } : { ...OTHER };
}

// ---------------------------------------------------------------------------------------------------
// NetBox

const NB_SEPARATORS = /[\s_-]+/g;
/** Passive and power gear: real, racked, but not something discovery or matching cares about. */
const NB_OTHER = /\b(?:pdu|patch ?panel|console ?server|ups|power|kvm switch|cable|shelf|blank)\b/;
const NB_HYPERVISOR =
  /\b(?:hypervisor|esxi?|hyper v|vm ?host|virtuali[sz]ation ?host|compute ?host|kvm ?host)\b/;
const NB_NETWORK =
  /\b(?:router|switch|firewall|access point|ap|wap|wireless|wlc|load ?balancer|lb|spine|leaf|tor|gateway|vpn|core|distribution|edge|wan|network)\b/;
const NB_STORAGE = /\b(?:storage|san|nas|array|tape)\b/;
const NB_PRINTER = /\b(?:printer|mfp)\b/;
const NB_COMPUTER = /\b(?:server|compute|host|workstation|desktop|laptop|pc|node|appliance)\b/;

/**
 * CI type of a NetBox device role (name or slug). Virtual machines are computers whatever their role.
 * Unknown roles are 'other'.
 */
export function classifyNetboxRole(role: string | null | undefined, isVirtual: boolean): ClassInfo {
  if (isVirtual) return ci('computer', undefined, true);
  if (role == null) return { ...OTHER };
  const r = role.trim().toLowerCase().replace(NB_SEPARATORS, ' ');
  if (r === '') return { ...OTHER };
  if (NB_OTHER.test(r)) return { ...OTHER };
  if (NB_HYPERVISOR.test(r)) return ci('hypervisor');
  if (NB_PRINTER.test(r)) return ci('printer');
  if (NB_STORAGE.test(r)) return ci('storage');
  if (NB_NETWORK.test(r)) return ci('network_device');
  if (NB_COMPUTER.test(r)) return ci('computer');
  return { ...OTHER };
}

/** The family of a parsed OS, for code that only needs the family. */
export function osFamilyOf(info: OsInfo | undefined): string | undefined {
  return info?.family;
}
