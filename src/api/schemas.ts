/**
 * A zod schema for the params of every API method: strict objects (unknown keys are refused), bounded
 * strings and arrays, grid requests bounded in size and restricted to each grid's column whitelist.
 * Both transports validate with these before anything reaches a handler.
 */
import { z } from 'zod';
import {
  type ApiMethod,
  type Bridge,
  type ChangesetMethod,
  ITEM_GRID_COLUMNS,
  NUMBER_FILTER_TYPES,
  type ParamsOf,
  TEXT_FILTER_TYPES,
} from './contract.js';
import { FILE_TOKEN_PATTERN } from './file-tokens.js';
import { MAX_GRID_WINDOW } from './grid-sql.js';
import { AUDIT_GRID, CI_GRID, columnIds, FINDING_GRID } from './grids.js';
import { ITEM_STATUSES } from '../changesets/model.js';
import { CI_TYPES } from '../domain/attributes.js';
import { columnMappingSchema } from '../importers/mapping.js';
import { FORMAT_IDS, type ColumnMapping } from '../importers/types.js';

// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const NO_CONTROL_CHARS = /^[^\u0000-\u001f\u007f]*$/;

/** A single-line, bounded string. */
const line = (max: number) =>
  z.string().max(max).regex(NO_CONTROL_CHARS, 'must not contain control characters');
const name = (max: number) => line(max).trim().min(1);

export const fileTokenSchema = z.string().regex(FILE_TOKEN_PATTERN, 'not a file handle');
const none = z.strictObject({});
const encoding = z
  .string()
  .max(40)
  .regex(/^[A-Za-z0-9._:-]+$/, 'not an encoding name');
const mapping = columnMappingSchema as unknown as z.ZodType<ColumnMapping>;

// ---------- grids ----------

const textFilter = z.strictObject({
  filterType: z.literal('text'),
  type: z.enum(TEXT_FILTER_TYPES),
  filter: z.string().max(500).optional(),
});
const numberFilter = z.strictObject({
  filterType: z.literal('number'),
  type: z.enum(NUMBER_FILTER_TYPES),
  filter: z.number().optional(),
  filterTo: z.number().optional(),
});
const simpleFilter = z.discriminatedUnion('filterType', [textFilter, numberFilter]);
const combinedFilter = z.strictObject({
  filterType: z.enum(['text', 'number']),
  operator: z.enum(['AND', 'OR']),
  conditions: z.array(simpleFilter).max(10),
});
const columnFilter = z.union([simpleFilter, combinedFilter]);

function gridView(cols: [string, ...string[]]) {
  const colId = z.enum(cols);
  return {
    sortModel: z.array(z.strictObject({ colId, sort: z.enum(['asc', 'desc']) })).max(cols.length),
    filterModel: z.record(z.string().max(64), columnFilter).superRefine((model, ctx) => {
      for (const key of Object.keys(model))
        if (!cols.includes(key))
          ctx.addIssue({ code: 'custom', path: [key], message: `unknown column "${key}"` });
    }),
    quickFilter: line(200).optional(),
  };
}

export function gridRequestSchema(cols: [string, ...string[]]) {
  return z
    .strictObject({
      startRow: z.int().min(0),
      endRow: z.int().min(1),
      ...gridView(cols),
    })
    .superRefine((r, ctx) => {
      if (r.endRow <= r.startRow || r.endRow - r.startRow > MAX_GRID_WINDOW)
        ctx.addIssue({
          code: 'custom',
          path: ['endRow'],
          message: `must be after startRow and at most ${MAX_GRID_WINDOW} rows further`,
        });
    });
}

const CI_COLUMNS = columnIds(CI_GRID);

// ---------- changesets ----------

const changesetId = z.int().min(1);
const ITEM_COLUMNS = [...ITEM_GRID_COLUMNS] as [string, ...string[]];
/** A reviewer's value: what an item field can hold (text, number, true/false, or attribute: value). */
const reviewValue = z.union([line(2000), z.number(), z.boolean(), z.null()]);

const CHANGESET_SCHEMAS = {
  'changesets/create': z
    .strictObject({
      name: name(200).optional(),
      findingIds: z.array(z.int().min(1)).min(1).max(1_000_000).optional(),
      ...partialView(columnIds(FINDING_GRID)),
      retireAfterDays: z.int().min(0).max(36_500).optional(),
    })
    .refine(
      (p) => p.findingIds !== undefined || p.filterModel !== undefined || p.quickFilter !== undefined,
      'give findingIds, or a filterModel / quickFilter of the findings grid',
    ),
  'changesets/list': none,
  'changesets/get': z.strictObject({ id: changesetId, revision: z.int().min(1).optional() }),
  'changesets/items': gridRequestSchema(ITEM_COLUMNS).and(
    z.object({ id: changesetId, revision: z.int().min(1).optional() }),
  ),
  'changesets/review': z
    .strictObject({
      id: changesetId,
      items: z.union([
        z.strictObject({ seqs: z.array(z.int().min(1)).min(1).max(1_000_000) }),
        z.strictObject({ ...partialView(ITEM_COLUMNS), filterModel: gridView(ITEM_COLUMNS).filterModel }),
      ]),
      status: z.enum(ITEM_STATUSES),
      override: z
        .record(z.string().max(64), z.union([reviewValue, z.record(z.string().max(64), reviewValue)]))
        .optional(),
      comment: line(2000).optional(),
    })
    .refine((p) => (p.status === 'edited') === (p.override !== undefined), {
      message: "an override goes with status 'edited', and 'edited' needs one",
      path: ['override'],
    })
    .refine((p) => p.status !== 'edited' || ('seqs' in p.items && p.items.seqs.length === 1), {
      message: 'an edit applies to one item: items must be {seqs: [n]}',
      path: ['items'],
    }),
  'changesets/validate': z.strictObject({ id: changesetId }),
  'changesets/approve': z.strictObject({ id: changesetId, comment: line(2000).optional() }),
  'changesets/export': z.strictObject({
    id: changesetId,
    file: fileTokenSchema,
    format: z.enum(['servicenow-ire', 'servicenow-csv', 'itop-csv', 'netbox-csv', 'json', 'csv']),
    acceptedOnly: z.boolean().optional(),
  }),
} satisfies { [M in ChangesetMethod]: z.ZodType<ParamsOf<M>> };

/** A grid's filter and quick filter without sort or window: which rows an action applies to. */
function partialView(cols: [string, ...string[]]) {
  const { filterModel, quickFilter } = gridView(cols);
  return { filterModel: filterModel.optional(), quickFilter };
}

// ---------- the method map ----------

export const PARAM_SCHEMAS = {
  'app/info': none,
  'workspace/recent': none,
  'workspace/open': z
    .strictObject({
      file: fileTokenSchema.optional(),
      recent: z
        .string()
        .regex(/^[a-f0-9]{1,64}$/, 'not a recent-workspace id')
        .optional(),
      sample: z.literal(true).optional(),
    })
    .refine(
      (p) => [p.file, p.recent, p.sample].filter((v) => v !== undefined).length === 1,
      'give exactly one of file, recent or sample',
    ),
  'workspace/create': z.strictObject({ file: fileTokenSchema }),
  'workspace/stats': none,
  'workspace/setUser': z.strictObject({ user: name(100) }),
  'sources/list': none,
  'import/preview': z.strictObject({
    file: fileTokenSchema,
    encoding: encoding.optional(),
    format: z.enum(FORMAT_IDS).optional(),
  }),
  'import/start': z.strictObject({
    files: z.array(fileTokenSchema).min(1).max(1000),
    source: name(100),
    format: z.enum(FORMAT_IDS).optional(),
    encoding: encoding.optional(),
    mapping: mapping.optional(),
    role: z.enum(['cmdb', 'discovery']).optional(),
  }),
  'mappings/list': none,
  'mappings/save': z.strictObject({ name: name(100), mapping }),
  'reconcile/start': z.strictObject({ threshold: z.number().min(0).max(100).optional() }),
  'reconcile/last': none,
  'jobs/get': z.strictObject({ id: z.string().regex(/^[a-f0-9]{1,64}$/, 'not a job id') }),
  'jobs/cancel': z.strictObject({ id: z.string().regex(/^[a-f0-9]{1,64}$/, 'not a job id') }),
  'cis/rows': gridRequestSchema(CI_COLUMNS),
  'cis/get': z.strictObject({ id: z.int().min(1) }),
  'cis/export': z.strictObject({
    file: fileTokenSchema,
    format: z.enum(['csv', 'xlsx']),
    request: z.strictObject(gridView(CI_COLUMNS)),
    columns: z.array(z.enum(CI_COLUMNS)).min(1).max(CI_COLUMNS.length),
  }),
  'findings/rows': gridRequestSchema(columnIds(FINDING_GRID)),
  'findings/summary': none,
  'graph/neighbourhood': z.strictObject({
    clusterId: z.int().min(1),
    hops: z.int().min(0).max(6),
    direction: z.enum(['both', 'upstream', 'downstream']),
    ciTypes: z
      .array(z.enum(CI_TYPES as [string, ...string[]]))
      .max(CI_TYPES.length)
      .optional(),
    maxElements: z.int().min(1).max(5000),
  }),
  'quality/report': none,
  'audit/rows': gridRequestSchema(columnIds(AUDIT_GRID)),
  'audit/verify': none,
  ...CHANGESET_SCHEMAS,
} satisfies { [M in ApiMethod]: z.ZodType<ParamsOf<M>> };

/** Every API method, in declaration order. */
export const API_METHODS = Object.keys(PARAM_SCHEMAS) as ApiMethod[];

export function isApiMethod(method: unknown): method is ApiMethod {
  return typeof method === 'string' && Object.hasOwn(PARAM_SCHEMAS, method);
}

// ---------- what the shells add to the API (file choice, external links) ----------

const dialogFilters = z
  .array(
    z.strictObject({
      name: line(100),
      extensions: z.array(z.string().regex(/^(\*|[A-Za-z0-9]{1,16})$/, 'not a file extension')).max(20),
    }),
  )
  .max(20)
  .optional();

type BridgeOpts<K extends 'pickFiles' | 'pickSaveFile'> = Parameters<Bridge[K]>[0];

export const pickFilesSchema = z.strictObject({
  title: line(200),
  multiple: z.boolean(),
  filters: dialogFilters,
}) satisfies z.ZodType<BridgeOpts<'pickFiles'>>;

export const pickSaveFileSchema = z.strictObject({
  title: line(200),
  defaultName: line(255),
  filters: dialogFilters,
}) satisfies z.ZodType<BridgeOpts<'pickSaveFile'>>;

export const externalUrlSchema = z.string().max(2048);

/** Turns zod issues into one message naming each field ("params.sortModel.0.colId: ..."). */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): {
  message: string;
  field: string;
  issues: { path: string; message: string }[];
} {
  const list = issues.map((i) => ({
    path: ['params', ...i.path.map(String)].join('.'),
    message: i.message,
  }));
  return {
    message: list.map((i) => `${i.path}: ${i.message}`).join('; '),
    field: list[0]?.path ?? 'params',
    issues: list,
  };
}
