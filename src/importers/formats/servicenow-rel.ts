import { ImportError } from '../../util/errors.js';
import { readCsv } from '../csv-reader.js';
import { type FieldAliases, type Getter, indexFields, rowGetter } from '../field-index.js';
import type { EndpointRef, FormatImporter, ImportedRelationship, SourceLocation } from '../types.js';
import { firstChar, jsonField, opensJson, streamServiceNowJson } from './servicenow-ci.js';

/**
 * ServiceNow cmdb_rel_ci exports (CSV or JSON). Parent and child are sys_ids in raw exports and CI
 * names in display-value exports; both are kept as they are, with what kind of reference they are,
 * and resolved to records at reconciliation.
 */

type RelField = 'sys_id' | 'parent' | 'child' | 'type';

const REL_ALIASES: FieldAliases<RelField> = {
  sys_id: ['sys_id', 'Sys ID'],
  parent: ['parent', 'Parent'],
  child: ['child', 'Child'],
  type: ['type', 'Type', 'Relationship type'],
};

const SYS_ID = /^[0-9a-f]{32}$/i;

function ref(value: string): EndpointRef {
  return SYS_ID.test(value) ? { kind: 'key', value: value.toLowerCase() } : { kind: 'name', value };
}

function relationship(
  get: Getter<RelField>,
  raw: string,
  location: SourceLocation,
  file: string,
): ImportedRelationship {
  const parent = get('parent');
  const child = get('child');
  const type = get('type');
  for (const [field, v] of [
    ['parent', parent],
    ['child', child],
    ['type', type],
  ] as const) {
    if (!v) throw new ImportError(`the relationship has no ${field}`, { file, ...location, field });
  }
  const key = get('sys_id') ?? `${parent}|${type}|${child}`;
  return { key, type: type!, parent: ref(parent!), child: ref(child!), raw, location };
}

export const servicenowRel: FormatImporter = {
  id: 'servicenow-rel',
  label: 'ServiceNow relationships',
  role: 'cmdb',
  async run(file, sink, options) {
    const first = firstChar(file);
    if (opensJson(first)) {
      await streamServiceNowJson(file, first, options, sink, (value, index) => {
        if (!value || typeof value !== 'object' || Array.isArray(value)) {
          throw new ImportError('expected a JSON object per relationship', {
            file: file.displayName,
            record: index + 1,
          });
        }
        const obj = value as Record<string, unknown>;
        // References: the sys_id (value) identifies; the type reads best as its name (display value).
        const get: Getter<RelField> = (f) => jsonField(obj, REL_ALIASES[f], f === 'type');
        sink.relationship(relationship(get, JSON.stringify(obj), { record: index + 1 }, file.displayName));
      });
      return;
    }
    let index: Partial<Record<RelField, number>> = {};
    const result = await readCsv(file, {
      encoding: options.encoding,
      onBytes: (n) => sink.progress(n),
      onWarning: (w) => sink.warn(w),
      onHeader: (header, line) => {
        index = indexFields(header, REL_ALIASES);
        for (const f of ['parent', 'child', 'type'] as const) {
          if (index[f] === undefined) {
            throw new ImportError(`no ${f} column (a cmdb_rel_ci export has parent, type and child)`, {
              file: file.displayName,
              line,
              field: f,
            });
          }
        }
        sink.header?.(header);
      },
      onRow: (row) => {
        sink.relationship(
          relationship(
            rowGetter(index, row.fields),
            row.raw,
            { line: row.line, record: row.index },
            file.displayName,
          ),
        );
      },
    });
    sink.encoding?.(result.encoding);
  },
};
