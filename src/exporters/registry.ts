import type { ExportFormat } from './format.js';
import { changesetJson } from './formats/changeset-json.js';
import { itopCsv } from './formats/itop-csv.js';
import { netboxCsv } from './formats/netbox-csv.js';
import { servicenowCsv } from './formats/servicenow-csv.js';
import { servicenowIre } from './formats/servicenow-ire.js';

/** Every push-back format, by the id `--format` takes. */
export const EXPORT_FORMATS: Readonly<Record<string, ExportFormat>> = {
  'servicenow-ire': servicenowIre,
  'servicenow-csv': servicenowCsv,
  'itop-csv': itopCsv,
  'netbox-csv': netboxCsv,
  json: changesetJson,
};

export const EXPORT_FORMAT_IDS = Object.keys(EXPORT_FORMATS);
