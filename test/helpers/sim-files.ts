/** The files of a cmdb-sim estate: source, format and path, in the order a user would import them. */
export const SIM_FILES = [
  ['servicenow', 'servicenow-ci', 'servicenow/cmdb_ci.csv'],
  ['servicenow', 'servicenow-rel', 'servicenow/cmdb_rel_ci.csv'],
  ['nmap', 'nmap-xml', 'discovery/nmap-scan.xml'],
  ['rvtools', 'rvtools-vinfo', 'discovery/rvtools_vInfo.csv'],
  ['glpi', 'glpi-inventory', 'discovery/glpi-inventory.ndjson'],
  ['aws', 'aws-ec2', 'discovery/aws-ec2-describe-instances.json'],
] as const;
