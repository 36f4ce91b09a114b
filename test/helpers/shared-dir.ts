import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The project's shared material (cmdb-sim, realdata, reference), which is read at test time and never
 * copied into the repository. It sits beside the repository (../shared) in a working checkout, but a
 * clean clone made elsewhere (CI) finds it through CMDBW_SHARED or at its usual place, /work/shared.
 */
export function sharedDir(): string {
  const candidates = [
    process.env.CMDBW_SHARED,
    path.resolve(import.meta.dirname, '../../../shared'),
    '/work/shared',
  ].filter((c): c is string => Boolean(c));
  return candidates.find((c) => existsSync(path.join(c, 'cmdb-sim'))) ?? candidates[0]!;
}
