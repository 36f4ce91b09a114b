import { SN_ALIASES } from '../../importers/formats/servicenow-ci.js';

/**
 * A CMDB record's own fields, read back from the verbatim row the importer kept, so that "before" values
 * and identifying values are the CMDB's text ("VMware-42 8a 73 df ...", "00:50:56:19:FE:3F"), not our
 * normalised forms: an update must find the CI by what the CMDB holds, and an inverse plan must restore it.
 * Only ServiceNow CI exports are read this way; other formats answer null (callers use canonical values).
 */

/** Column label -> field name ("Serial number" -> serial_number), from the importer's alias table. */
const LABEL_TO_FIELD = new Map<string, string>();
for (const aliases of Object.values(SN_ALIASES)) {
  const field = aliases[0]!;
  for (const a of aliases) if (!LABEL_TO_FIELD.has(a)) LABEL_TO_FIELD.set(a, field);
}

function fieldName(header: string): string {
  return /^[a-z0-9_]+$/.test(header) ? header : (LABEL_TO_FIELD.get(header) ?? header);
}

export function cmdbFields(
  format: string,
  header: string[] | null,
  raw: string,
): Record<string, string> | null {
  if (format !== 'servicenow-ci') return null;
  const trimmed = raw.trimStart();
  if (trimmed.startsWith('{')) return jsonFields(trimmed);
  if (!header) return null;
  const row = splitRow(raw, header.length);
  if (!row) return null;
  const out: Record<string, string> = {};
  header.forEach((h, i) => {
    const v = row[i]?.trim();
    if (v) out[fieldName(h)] = v;
  });
  return out;
}

/** Table API / list JSON: plain values, or {value, display_value} for references (display wins). */
function jsonFields(raw: string): Record<string, string> | null {
  let obj: unknown;
  try {
    obj = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!obj || typeof obj !== 'object') return null;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    let text: unknown = v;
    if (v && typeof v === 'object') {
      const o = v as { value?: unknown; display_value?: unknown };
      text = o.display_value ?? o.value;
    }
    if (text === null || text === undefined) continue;
    const s = String(text).trim();
    if (s) out[fieldName(k)] = s;
  }
  return out;
}

const DELIMITERS = [',', ';', '\t', '|'];

/**
 * One CSV row (RFC 4180 quoting) split into exactly `width` fields, trying the delimiters CSV exports use;
 * null when no delimiter gives the header's width. A hand-rolled split: planning reads tens of thousands of
 * rows one at a time, and a full CSV parser costs more to set up per row than the row costs to split.
 */
export function splitRow(line: string, width: number): string[] | null {
  for (const d of DELIMITERS) {
    const fields = splitOn(line, d);
    if (fields.length === width) return fields;
  }
  return null;
}

function splitOn(line: string, d: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) {
          value += line.slice(i);
          i = n;
          break;
        }
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      const next = line.indexOf(d, i);
      out.push(value + (next < 0 ? line.slice(i) : line.slice(i, next)));
      if (next < 0) return out;
      i = next + 1;
    } else {
      const next = line.indexOf(d, i);
      if (next < 0) {
        out.push(line.slice(i));
        return out;
      }
      out.push(line.slice(i, next));
      i = next + 1;
    }
  }
}
