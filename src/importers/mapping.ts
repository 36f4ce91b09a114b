import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CI_TYPES } from '../domain/attributes.js';
import { UserError } from '../util/errors.js';
import type { ColumnMapping } from './types.js';

/** The column-mapping file of the generic `csv` format, validated with a schema so mistakes are named. */
export const columnMappingSchema = z
  .object({
    key: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    class: z.string().min(1).optional(),
    classValue: z.string().min(1).optional(),
    ciType: z.enum(CI_TYPES as [string, ...string[]]).optional(),
    ciTypeColumn: z.string().min(1).optional(),
    attributes: z.record(z.string().min(1), z.string().min(1)),
    role: z.enum(['cmdb', 'discovery']).optional(),
    delimiter: z.string().length(1).optional(),
    encoding: z.string().optional(),
  })
  .strict();

export function parseColumnMapping(value: unknown, from: string): ColumnMapping {
  const result = columnMappingSchema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues
      .map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`)
      .join('; ');
    throw new UserError('BAD_MAPPING', `${from}: invalid column mapping: ${issues}`, { path: from });
  }
  return result.data as ColumnMapping;
}

export function loadColumnMapping(file: string): ColumnMapping {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UserError('FILE_NOT_FOUND', `${file}: cannot read the mapping file`, { path: file });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UserError('BAD_MAPPING', `${file}: the mapping is not valid JSON (${(err as Error).message})`, {
      path: file,
    });
  }
  return parseColumnMapping(json, file);
}
