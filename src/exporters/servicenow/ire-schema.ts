import { z } from 'zod';

/**
 * The IRE request body as ServiceNow documents it (../shared/reference/formats-security-reliability.md, A1),
 * restricted to what we send: every payload is checked against it before it is written.
 * - className required; internal_id unique within the payload; values are strings and never hold sys_id;
 * - sys_object_source_info carries source_name, source_native_key and a UTC "YYYY-MM-DD hh:mm:ss" time;
 * - relations (form 1) are indexes into the payload's top-level items, types are cmdb_rel_type names.
 */

const UTC_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

export const sourceInfoSchema = z.strictObject({
  source_feed: z.string().optional(),
  source_name: z.string().min(1),
  source_native_key: z.string().min(1),
  source_recency_timestamp: z.string().regex(UTC_TIME, 'must be UTC "YYYY-MM-DD hh:mm:ss"'),
});

const values = z.record(z.string(), z.string()).refine((v) => !('sys_id' in v), {
  message: 'values must never carry sys_id (it short-circuits identification)',
});

export const lookupSchema = z.strictObject({
  className: z.string().min(1),
  internal_id: z.string().min(1),
  values,
  sys_object_source_info: sourceInfoSchema.optional(),
});

export const ireItemSchema = z.strictObject({
  className: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a table name such as cmdb_ci_linux_server'),
  internal_id: z.string().min(1),
  values,
  lookup: z.array(lookupSchema).optional(),
  related: z.array(lookupSchema).optional(),
  sys_object_source_info: sourceInfoSchema,
});

export const ireRelationSchema = z.strictObject({
  parent: z.number().int().nonnegative(),
  child: z.number().int().nonnegative(),
  type: z.string().regex(/^.+::.+$/, 'must be a cmdb_rel_type name such as "Hosted on::Hosts"'),
});

export const irePayloadSchema = z
  .strictObject({ items: z.array(ireItemSchema).min(1), relations: z.array(ireRelationSchema) })
  .superRefine((p, ctx) => {
    const ids = new Set<string>();
    const all = p.items.flatMap((i) => [i.internal_id, ...(i.lookup ?? []).map((l) => l.internal_id)]);
    for (const id of all) {
      if (ids.has(id))
        ctx.addIssue({ code: 'custom', path: ['items'], message: `internal_id ${id} is not unique` });
      ids.add(id);
    }
    p.relations.forEach((r, i) => {
      for (const end of ['parent', 'child'] as const)
        if (r[end] >= p.items.length)
          ctx.addIssue({
            code: 'custom',
            path: ['relations', i, end],
            message: `index ${r[end]} is not an item of this payload`,
          });
      if (r.parent === r.child)
        ctx.addIssue({
          code: 'custom',
          path: ['relations', i],
          message: 'a relation joins two different items',
        });
    });
  });
