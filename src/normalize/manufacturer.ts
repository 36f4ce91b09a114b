/**
 * Vendor names: one canonical spelling per vendor, so "Dell Inc.", "DELL" and "Dell EMC" agree.
 *
 * Known vendors are recognised by their first word or first two words (after lower-casing and turning
 * punctuation into spaces), which also catches the device descriptions some agents put in the
 * manufacturer field ("Intel Corporation 8 Series HD Audio Controller" is Intel). Unknown vendors keep
 * their own spelling minus legal suffixes. Vendor strings repeat endlessly across records, so results
 * are memoised.
 */

const NON_ALNUM_RUN = /[^a-z0-9]+/g;
const SPACES = /\s+/g;
/** Identifier-style spellings ("analog_devices_inc") read as words. */
const SPACES_OR_UNDERSCORES = /[\s_]+/g;
const TRAILING_PUNCT = /[\s.,;:]+$/;
/**
 * Legal-form suffixes, stripped from the end repeatedly ("Co., Ltd."). "Technologies", "Networks",
 * "Systems" and the like are kept for unknown vendors: they are part of many names (Extreme Networks) and
 * dropping them would merge unrelated companies.
 */
const LEGAL_SUFFIX =
  /[\s,]+(?:inc|incorporated|corp|corporation|co|company|ltd|limited|gmbh|mbh|llc|l\.l\.c|s\.?a|s\.?a\.?s|ag|se|b\.?v|n\.?v|plc|s\.?r\.?l|s\.?p\.?a|k\.?k|pty|oy|ab|a\/s|as)\.?$/i;
const HAS_LOWER = /[a-z]/;
const HAS_UPPER = /[A-Z]/;
const SHORT_LETTERS = /^[A-Za-z]{1,3}$/;

/** Placeholders from DMI defaults and empty fields, compared without spaces. */
const PLACEHOLDERS: ReadonlySet<string> = new Set([
  'tobefilledbyoem',
  'tobefilled',
  'systemmanufacturer',
  'systemmanufacturername',
  'chassismanufacturer',
  'baseboardmanufacturer',
  'manufacturer',
  'defaultstring',
  'default',
  'oem',
  'oemmanufacturer',
  'notspecified',
  'notavailable',
  'notapplicable',
  'unknown',
  'na',
  'none',
  'null',
  'invalid',
  'empty',
  'generic',
  'vendor',
  '0',
]);

/**
 * Brands by their first word. Acquired brands map to the owner where sources disagree about the name
 * on the box: Compaq and Aruba to HP, Meraki to Cisco, innotek (VirtualBox's SMBIOS vendor) to Oracle,
 * Bochs (QEMU/SeaBIOS's SMBIOS vendor) to QEMU. HP Inc. and Hewlett Packard Enterprise are one vendor
 * here on purpose: CMDBs and agents use both names for the same ProLiant.
 */
const ONE_WORD: ReadonlyMap<string, string> = new Map([
  ['hp', 'HP'],
  ['hpe', 'HP'],
  ['hewlett', 'HP'],
  ['hewlettpackard', 'HP'],
  ['compaq', 'HP'],
  ['aruba', 'HP'],
  ['dell', 'Dell'],
  ['lenovo', 'Lenovo'],
  ['ibm', 'IBM'],
  ['cisco', 'Cisco'],
  ['meraki', 'Cisco'],
  ['vmware', 'VMware'],
  ['microsoft', 'Microsoft'],
  ['supermicro', 'Supermicro'],
  ['amazon', 'Amazon'],
  ['aws', 'Amazon'],
  ['google', 'Google'],
  ['apple', 'Apple'],
  ['fujitsu', 'Fujitsu'],
  ['juniper', 'Juniper'],
  ['arista', 'Arista'],
  ['huawei', 'Huawei'],
  ['intel', 'Intel'],
  ['qemu', 'QEMU'],
  ['bochs', 'QEMU'],
  ['innotek', 'Oracle'],
  ['virtualbox', 'Oracle'],
  ['oracle', 'Oracle'],
  ['xen', 'Xen'],
  ['xensource', 'Xen'],
  ['nutanix', 'Nutanix'],
  ['redhat', 'Red Hat'],
  ['hitachi', 'Hitachi'],
  ['netapp', 'NetApp'],
  ['brother', 'Brother'],
  ['canon', 'Canon'],
  ['xerox', 'Xerox'],
  ['lexmark', 'Lexmark'],
  ['ricoh', 'Ricoh'],
  ['kyocera', 'Kyocera'],
  ['fortinet', 'Fortinet'],
  ['ubiquiti', 'Ubiquiti'],
  ['ubnt', 'Ubiquiti'],
  ['dlink', 'D-Link'],
  ['toshiba', 'Toshiba'],
  ['samsung', 'Samsung'],
  ['xiaomi', 'Xiaomi'],
  ['asus', 'ASUS'],
  ['asustek', 'ASUS'],
  ['acer', 'Acer'],
  ['gigabyte', 'Gigabyte'],
  ['msi', 'MSI'],
  ['synology', 'Synology'],
  ['qnap', 'QNAP'],
  ['parallels', 'Parallels'],
  ['citrix', 'Citrix'],
  ['nokia', 'Nokia'],
  ['netgear', 'Netgear'],
  ['tplink', 'TP-Link'],
  ['zyxel', 'Zyxel'],
  ['checkpoint', 'Check Point'],
  ['f5', 'F5'],
  ['alcatel', 'Alcatel-Lucent'],
  ['mikrotik', 'MikroTik'],
  ['routerboard', 'MikroTik'],
  ['sophos', 'Sophos'],
  ['sonicwall', 'SonicWall'],
  ['brocade', 'Brocade'],
  ['nvidia', 'NVIDIA'],
  ['amd', 'AMD'],
  ['epson', 'Epson'],
  ['konica', 'Konica Minolta'],
  ['apc', 'APC'],
  ['eaton', 'Eaton'],
  ['openstack', 'OpenStack'],
  ['digitalocean', 'DigitalOcean'],
  ['alibaba', 'Alibaba'],
  ['realtek', 'Realtek'],
  ['broadcom', 'Broadcom'],
  ['qualcomm', 'Qualcomm'],
  ['logitech', 'Logitech'],
]);

/** Brands whose first word alone is too common or split by punctuation ("D-Link" -> "d link"). */
const TWO_WORDS: ReadonlyMap<string, string> = new Map([
  ['hewlett packard', 'HP'],
  ['red hat', 'Red Hat'],
  ['super micro', 'Supermicro'],
  ['palo alto', 'Palo Alto Networks'],
  ['d link', 'D-Link'],
  ['tp link', 'TP-Link'],
  ['check point', 'Check Point'],
  ['micro star', 'MSI'],
  ['advanced micro', 'AMD'],
  ['seiko epson', 'Epson'],
  ['extreme networks', 'Extreme Networks'],
  ['pure storage', 'Pure Storage'],
  ['raspberry pi', 'Raspberry Pi'],
  ['digital ocean', 'DigitalOcean'],
  ['american power', 'APC'],
  ['international business', 'IBM'],
]);

const CACHE_LIMIT = 4096;
const cache = new Map<string, string | undefined>();

/** Title Case for names given all upper or all lower; 1-3 letter words are taken as acronyms (AKM). */
function fixCase(name: string): string {
  if (HAS_LOWER.test(name) && HAS_UPPER.test(name)) return name;
  return name
    .split(' ')
    .map((w) =>
      SHORT_LETTERS.test(w) ? w.toUpperCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase(),
    )
    .join(' ');
}

function compute(input: string): string | undefined {
  const key = input.toLowerCase().replace(NON_ALNUM_RUN, ' ').trim();
  if (key === '' || PLACEHOLDERS.has(key.replace(SPACES, ''))) return undefined;
  const sp = key.indexOf(' ');
  const first = sp === -1 ? key : key.slice(0, sp);
  if (sp !== -1) {
    const sp2 = key.indexOf(' ', sp + 1);
    const two = TWO_WORDS.get(sp2 === -1 ? key : key.slice(0, sp2));
    if (two !== undefined) return two;
  }
  const one = ONE_WORD.get(first);
  if (one !== undefined) return one;

  let name = input.replace(SPACES_OR_UNDERSCORES, ' ').trim();
  for (;;) {
    const stripped = name.replace(TRAILING_PUNCT, '').replace(LEGAL_SUFFIX, '');
    if (stripped === name || stripped === '') break;
    name = stripped;
  }
  name = name.replace(TRAILING_PUNCT, '');
  if (name === '') return undefined;
  return fixCase(name);
}

/**
 * Canonical vendor name, or undefined for empty input and DMI placeholders ("To be filled by O.E.M.",
 * "System manufacturer", "Default string", "OEM").
 */
export function normalizeManufacturer(input: string | null | undefined): string | undefined {
  if (input == null) return undefined;
  if (cache.has(input)) return cache.get(input);
  const result = compute(input);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(input, result);
  return result;
}
