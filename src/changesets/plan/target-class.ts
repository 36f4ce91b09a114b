import type { CiAttributes } from '../../domain/attributes.js';

/**
 * The ServiceNow class a CI gets when the plan creates it, from its canonical type and what discovery
 * knows of its OS and model. Cloud instances become guest-OS servers (virtual = true): the cloud classes
 * (cmdb_ci_vm_instance...) are dependent classes that need their cloud account in the same payload.
 */
export function serviceNowClassFor(ciType: string, a: CiAttributes): string {
  const family = a.os_family ?? '';
  const hint = `${a.name ?? ''} ${a.model ?? ''} ${a.os ?? ''}`.toLowerCase();
  switch (ciType) {
    case 'hypervisor':
      if (family === 'esxi' || /esx|vmware/.test(hint)) return 'cmdb_ci_esx_server';
      if (family === 'windows') return 'cmdb_ci_win_server';
      return 'cmdb_ci_server';
    case 'network_device':
      if (/firewall|\bfw|asa|palo|fortigate/.test(hint)) return 'cmdb_ci_ip_firewall';
      if (/router|\brtr|\bgw/.test(hint)) return 'cmdb_ci_ip_router';
      if (/switch|\bsw|nexus|catalyst|nx-os/.test(hint)) return 'cmdb_ci_ip_switch';
      return 'cmdb_ci_netgear';
    case 'printer':
      return 'cmdb_ci_printer';
    case 'storage':
      return 'cmdb_ci_storage_server';
    case 'computer':
    case 'other':
      return computerClass(family, a.os_name ?? '');
    default:
      return 'cmdb_ci';
  }
}

function computerClass(family: string, osName: string): string {
  switch (family) {
    case 'linux':
      return 'cmdb_ci_linux_server';
    case 'windows':
      return /server/.test(osName) || osName === '' ? 'cmdb_ci_win_server' : 'cmdb_ci_computer';
    case 'esxi':
      return 'cmdb_ci_esx_server';
    case 'aix':
      return 'cmdb_ci_aix_server';
    case 'solaris':
      return 'cmdb_ci_solaris_server';
    case 'unix':
      return 'cmdb_ci_unix_server';
    case 'macos':
      return 'cmdb_ci_computer';
    default:
      return 'cmdb_ci_server';
  }
}

/** A CMDB record's own class when it is a ServiceNow class name, else the class we would give it. */
export function classOfRecord(ciClass: string | null, ciType: string, a: CiAttributes): string {
  return ciClass && /^cmdb_ci/.test(ciClass) ? ciClass : serviceNowClassFor(ciType, a);
}
