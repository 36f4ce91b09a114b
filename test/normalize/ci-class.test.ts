import { describe, it, expect } from 'vitest';
import {
  classifyItopClass,
  classifyNetboxRole,
  classifyServiceNowClass,
  osFamilyOf,
  type ClassInfo,
} from '../../src/normalize/ci-class.js';
import { parseOs } from '../../src/normalize/os.js';
import { hasRealData, listFiles, readJson, readText } from './realdata.js';

describe('classifyServiceNowClass', () => {
  it.each<[string | null | undefined, ClassInfo]>([
    ['cmdb_ci_linux_server', { ciType: 'computer', osFamily: 'linux' }],
    ['cmdb_ci_win_server', { ciType: 'computer', osFamily: 'windows' }],
    ['cmdb_ci_unix_server', { ciType: 'computer', osFamily: 'unix' }],
    ['cmdb_ci_solaris_server', { ciType: 'computer', osFamily: 'unix' }],
    ['cmdb_ci_aix_server', { ciType: 'computer', osFamily: 'unix' }],
    ['cmdb_ci_hpux_server', { ciType: 'computer', osFamily: 'unix' }],
    ['cmdb_ci_osx_server', { ciType: 'computer', osFamily: 'macos' }],
    ['cmdb_ci_server', { ciType: 'computer' }],
    ['cmdb_ci_computer', { ciType: 'computer' }],
    ['cmdb_ci_pc_hardware', { ciType: 'computer' }],
    ['cmdb_ci_esx_server', { ciType: 'hypervisor', osFamily: 'esxi' }],
    ['cmdb_ci_hyper_v_server', { ciType: 'hypervisor', osFamily: 'windows' }],
    ['cmdb_ci_vmware_instance', { ciType: 'computer', virtual: true }],
    ['cmdb_ci_vm_instance', { ciType: 'computer', virtual: true }],
    ['cmdb_ci_vm', { ciType: 'computer', virtual: true }],
    ['cmdb_ci_ec2_instance', { ciType: 'computer', virtual: true }],
    ['cmdb_ci_azure_instance', { ciType: 'computer', virtual: true }],
    ['cmdb_ci_vmware_template', { ciType: 'template', virtual: true }],
    ['cmdb_ci_ip_switch', { ciType: 'network_device' }],
    ['cmdb_ci_ip_router', { ciType: 'network_device' }],
    ['cmdb_ci_ip_firewall', { ciType: 'network_device' }],
    ['cmdb_ci_netgear', { ciType: 'network_device' }],
    ['cmdb_ci_lb', { ciType: 'network_device' }],
    ['cmdb_ci_lb_f5_ltm', { ciType: 'network_device' }],
    ['cmdb_ci_printer', { ciType: 'printer' }],
    ['cmdb_ci_storage_device', { ciType: 'storage' }],
    ['cmdb_ci_storage_switch', { ciType: 'storage' }],
    ['cmdb_ci_san', { ciType: 'storage' }],
    ['cmdb_ci_san_fabric', { ciType: 'storage' }],
    ['cmdb_ci_appl', { ciType: 'application' }],
    ['cmdb_ci_appl_tomcat', { ciType: 'application' }],
    ['cmdb_ci_app_server_tomcat', { ciType: 'application' }],
    ['cmdb_ci_web_server', { ciType: 'application' }],
    ['cmdb_ci_db_ora_instance', { ciType: 'database' }],
    ['cmdb_ci_db_mssql_instance', { ciType: 'database' }],
    ['cmdb_ci_db_mssql_catalog', { ciType: 'database' }],
    ['cmdb_ci_database', { ciType: 'database' }],
    ['cmdb_ci_service', { ciType: 'service' }],
    ['cmdb_ci_service_auto', { ciType: 'service' }],
    ['cmdb_ci_service_technical', { ciType: 'service' }],
    ['service_offering', { ciType: 'service' }],
    ['cmdb_ci_cluster', { ciType: 'cluster' }],
    ['cmdb_ci_cluster_vip', { ciType: 'cluster' }],
    ['cmdb_ci_vcenter_cluster', { ciType: 'cluster' }],
    ['cmdb_ci_cluster_node', { ciType: 'computer' }],
    ['CMDB_CI_LINUX_SERVER', { ciType: 'computer', osFamily: 'linux' }],
    ['  cmdb_ci_win_server ', { ciType: 'computer', osFamily: 'windows' }],
    // labels
    ['Linux Server', { ciType: 'computer', osFamily: 'linux' }],
    ['Windows Server', { ciType: 'computer', osFamily: 'windows' }],
    ['ESX Server', { ciType: 'hypervisor', osFamily: 'esxi' }],
    ['IP Switch', { ciType: 'network_device' }],
    ['Application', { ciType: 'application' }],
    ['Oracle Instance', { ciType: 'database' }],
    ['MSSQL Instance', { ciType: 'database' }],
    ['Business Service', { ciType: 'service' }],
    ['Virtual Machine Instance', { ciType: 'computer', virtual: true }],
    ['linux  server', { ciType: 'computer', osFamily: 'linux' }],
    // unknown
    ['cmdb_ci_spkg', { ciType: 'other' }],
    ['u_custom_thing', { ciType: 'other' }],
    ['', { ciType: 'other' }],
    [null, { ciType: 'other' }],
    [undefined, { ciType: 'other' }],
  ])('%j -> %j', (input, expected) => {
    expect(classifyServiceNowClass(input)).toEqual(expected);
  });

  it('returns a fresh object each time', () => {
    const a = classifyServiceNowClass('cmdb_ci_linux_server');
    a.osFamily = 'windows';
    expect(classifyServiceNowClass('cmdb_ci_linux_server').osFamily).toBe('linux');
  });
});

describe('classifyItopClass', () => {
  it.each<[string, ClassInfo]>([
    ['Server', { ciType: 'computer' }],
    ['PC', { ciType: 'computer' }],
    ['VirtualMachine', { ciType: 'computer', virtual: true }],
    ['Hypervisor', { ciType: 'hypervisor' }],
    ['Farm', { ciType: 'cluster' }],
    ['NetworkDevice', { ciType: 'network_device' }],
    ['Printer', { ciType: 'printer' }],
    ['StorageSystem', { ciType: 'storage' }],
    ['NAS', { ciType: 'storage' }],
    ['SANSwitch', { ciType: 'storage' }],
    ['TapeLibrary', { ciType: 'storage' }],
    ['DBServer', { ciType: 'database' }],
    ['DatabaseSchema', { ciType: 'database' }],
    ['WebServer', { ciType: 'application' }],
    ['Middleware', { ciType: 'application' }],
    ['OtherSoftware', { ciType: 'application' }],
    ['PCSoftware', { ciType: 'application' }],
    ['WebApplication', { ciType: 'application' }],
    ['ApplicationSolution', { ciType: 'application' }],
    ['BusinessProcess', { ciType: 'service' }],
    ['Location', { ciType: 'site' }],
    ['Person', { ciType: 'person' }],
    ['server', { ciType: 'computer' }],
    ['Rack', { ciType: 'other' }],
    ['Team', { ciType: 'other' }],
    ['Model', { ciType: 'other' }],
    ['', { ciType: 'other' }],
  ])('%j -> %j', (input, expected) => {
    expect(classifyItopClass(input)).toEqual(expected);
  });
});

describe('classifyNetboxRole', () => {
  it.each<[string | null | undefined, boolean, ClassInfo]>([
    ['Router', false, { ciType: 'network_device' }],
    ['router', false, { ciType: 'network_device' }],
    ['Switch', false, { ciType: 'network_device' }],
    ['Firewall', false, { ciType: 'network_device' }],
    ['Access Switch', false, { ciType: 'network_device' }],
    ['access-switch', false, { ciType: 'network_device' }],
    ['Core Switch', false, { ciType: 'network_device' }],
    ['Distribution Switch', false, { ciType: 'network_device' }],
    ['ToR Switch', false, { ciType: 'network_device' }],
    ['tor-switch', false, { ciType: 'network_device' }],
    ['Wireless AP', false, { ciType: 'network_device' }],
    ['Load Balancer', false, { ciType: 'network_device' }],
    ['Server', false, { ciType: 'computer' }],
    ['Application Server', false, { ciType: 'computer' }],
    ['application-server', false, { ciType: 'computer' }],
    ['Database Server', false, { ciType: 'computer' }],
    ['Compute', false, { ciType: 'computer' }],
    ['Hypervisor', false, { ciType: 'hypervisor' }],
    ['ESXi Host', false, { ciType: 'hypervisor' }],
    ['Storage Array', false, { ciType: 'storage' }],
    ['Printer', false, { ciType: 'printer' }],
    ['PDU', false, { ciType: 'other' }],
    ['Patch Panel', false, { ciType: 'other' }],
    ['patch-panel', false, { ciType: 'other' }],
    ['Console Server', false, { ciType: 'other' }],
    ['Something Else', false, { ciType: 'other' }],
    [null, false, { ciType: 'other' }],
    ['', false, { ciType: 'other' }],
    [null, true, { ciType: 'computer', virtual: true }],
    ['Router', true, { ciType: 'computer', virtual: true }],
    ['Application Server', true, { ciType: 'computer', virtual: true }],
  ])('%j (virtual: %s) -> %j', (role, isVirtual, expected) => {
    expect(classifyNetboxRole(role, isVirtual)).toEqual(expected);
  });
});

describe('osFamilyOf', () => {
  it('returns the family of a parsed OS', () => {
    expect(osFamilyOf(parseOs('RHEL 8'))).toBe('linux');
    expect(osFamilyOf(parseOs('nonsense text'))).toBeUndefined();
    expect(osFamilyOf(undefined)).toBeUndefined();
  });
});

describe.skipIf(!hasRealData)('classification on real data', () => {
  it('every iTop sample class is classified; the CIs get their expected types', () => {
    const classes = new Set<string>();
    for (const file of listFiles('itop-sample', '.xml')) {
      for (const m of readText(file).matchAll(/<([A-Za-z]+) alias="\1" id=/g)) classes.add(m[1] as string);
    }
    const ciClasses = [...classes].filter((c) => !c.startsWith('lnk')).sort();
    const mapped = Object.fromEntries(ciClasses.map((c) => [c, classifyItopClass(c).ciType]));
    expect(mapped).toEqual({
      ApplicationSolution: 'application',
      ContactType: 'other',
      DBServer: 'database',
      DatabaseSchema: 'database',
      Farm: 'cluster',
      Hypervisor: 'hypervisor',
      Location: 'site',
      Model: 'other',
      NetworkDevice: 'network_device',
      NetworkDeviceType: 'other',
      Organization: 'other',
      Rack: 'other',
      Server: 'computer',
      Software: 'other',
      Team: 'other',
      VirtualMachine: 'computer',
      WebApplication: 'application',
      WebServer: 'application',
    });
    expect(classifyItopClass('VirtualMachine').virtual).toBe(true);
  });

  it('every NetBox demo device role is classified', () => {
    const doc = readJson<{ model: string; fields: { name?: string } }[]>('netbox-demo/netbox-demo-v3.6.json');
    const roles = doc.filter((o) => o.model === 'dcim.devicerole').map((o) => o.fields.name as string);
    const mapped = Object.fromEntries(roles.sort().map((r) => [r, classifyNetboxRole(r, false).ciType]));
    expect(mapped).toEqual({
      'Access Switch': 'network_device',
      'Application Server': 'computer',
      'Core Switch': 'network_device',
      'Database Server': 'computer',
      'Distribution Switch': 'network_device',
      PDU: 'other',
      'Patch Panel': 'other',
      Router: 'network_device',
      'ToR Switch': 'network_device',
    });
  });
});
