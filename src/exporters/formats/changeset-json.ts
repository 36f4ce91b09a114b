import { serializeChangeset } from '../../changesets/json-format.js';
import type { ExportFormat, Rendered } from '../format.js';

/** The generic changeset file (docs/changeset-format.md): the whole revision, re-importable byte for byte. */
export const changesetJson: ExportFormat = {
  id: 'json',
  description: 'the generic cmdbw-changeset JSON file (versioned, re-importable with cmdbw changeset import)',
  render(items, _plan, ctx): Rendered {
    return {
      files: [{ path: 'changeset.json', content: [...serializeChangeset(ctx.doc, items)].join('') }],
      warnings: [],
      unsupported: [],
      counts: { items: items.length },
    };
  },
};
