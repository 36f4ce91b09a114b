import { useState } from 'react';
import { errorMessage } from '../api.js';
import { useApi, useToast } from '../app/context.js';
import { useLoad } from '../app/hooks.js';
import { Button, Field } from '../components/ui.js';
import {
  MAPPABLE_ATTRIBUTES,
  CI_TYPES,
  cleanMapping,
  validateMapping,
  type ColumnMapping,
} from '../lib/mapping.js';
import { humanize } from '../lib/format.js';

const IGNORE = '';
const CUSTOM = '__custom__';

/**
 * Column mapping editor for generic CSV: which column(s) form the record key, where class and CI type come
 * from, and which attribute each column feeds. Mappings are saved by name and reused for later files.
 */
export function MappingEditor({
  header,
  sample,
  value,
  onChange,
}: {
  header: string[];
  sample: string[][];
  value: ColumnMapping;
  onChange: (m: ColumnMapping) => void;
}) {
  const api = useApi();
  const { push } = useToast();
  const saved = useLoad(() => api.call('mappings/list', {}), [api]);
  const [saveName, setSaveName] = useState('');
  const [saving, setSaving] = useState(false);
  const problems = validateMapping(value, header);
  const keys = Array.isArray(value.key) ? value.key : value.key ? [value.key] : [];

  const setAttr = (col: string, attr: string) => {
    const attributes = { ...value.attributes };
    if (attr === IGNORE) delete attributes[col];
    else attributes[col] = attr;
    onChange({ ...value, attributes });
  };
  const toggleKey = (col: string, on: boolean) => {
    const next = on ? [...keys, col] : keys.filter((k) => k !== col);
    onChange({ ...value, key: next.length === 1 ? next[0]! : next });
  };

  const save = async () => {
    const name = saveName.trim();
    if (!name) return;
    setSaving(true);
    try {
      await api.call('mappings/save', { name, mapping: cleanMapping(value) });
      push({ kind: 'success', title: `Saved mapping “${name}”` });
      saved.reload();
    } catch (e) {
      push({ kind: 'error', title: 'Could not save the mapping', detail: errorMessage(e) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="mapping" data-testid="mapping-editor">
      <div className="mapping-toolbar">
        <Field label="Start from a saved mapping">
          <select
            value=""
            onChange={(e) => {
              const m = saved.data?.find((s) => s.name === e.target.value);
              if (m) onChange(m.mapping);
            }}
            disabled={!saved.data?.length}
            data-testid="mapping-load"
          >
            <option value="">{saved.data?.length ? 'Choose…' : 'No saved mappings yet'}</option>
            {saved.data?.map((m) => (
              <option key={m.name} value={m.name}>
                {m.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Class">
          <select
            value={value.class ? `col:${value.class}` : value.classValue ? 'fixed' : ''}
            onChange={(e) => {
              const v = e.target.value;
              const next = { ...value };
              delete next.class;
              delete next.classValue;
              if (v.startsWith('col:')) next.class = v.slice(4);
              else if (v === 'fixed') next.classValue = 'server';
              onChange(next);
            }}
          >
            <option value="">(none)</option>
            <option value="fixed">Fixed value…</option>
            {header.map((h) => (
              <option key={h} value={`col:${h}`}>
                Column: {h}
              </option>
            ))}
          </select>
        </Field>
        {value.classValue !== undefined ? (
          <Field label="Fixed class">
            <input
              value={value.classValue}
              onChange={(e) => onChange({ ...value, classValue: e.target.value })}
            />
          </Field>
        ) : null}
        <Field label="CI type">
          <select
            value={value.ciTypeColumn ? `col:${value.ciTypeColumn}` : (value.ciType ?? '')}
            onChange={(e) => {
              const v = e.target.value;
              const next = { ...value };
              delete next.ciType;
              delete next.ciTypeColumn;
              if (v.startsWith('col:')) next.ciTypeColumn = v.slice(4);
              else if (v) next.ciType = v as ColumnMapping['ciType'];
              onChange(next);
            }}
          >
            <option value="">computer (default)</option>
            {CI_TYPES.map((t) => (
              <option key={t} value={t}>
                {humanize(t)}
              </option>
            ))}
            {header.map((h) => (
              <option key={h} value={`col:${h}`}>
                Column: {h}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="table-scroll">
        <table className="table mapping-table">
          <thead>
            <tr>
              <th>Column</th>
              <th title="Columns that together identify a record">Key</th>
              <th>Maps to</th>
              <th>Sample values</th>
            </tr>
          </thead>
          <tbody>
            {header.map((h, i) => {
              const attr = value.attributes[h] ?? IGNORE;
              const canonical = (MAPPABLE_ATTRIBUTES as readonly string[]).includes(attr);
              return (
                <tr key={h} data-testid="mapping-row">
                  <td className="mono">{h}</td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`${h} is part of the key`}
                      checked={keys.includes(h)}
                      onChange={(e) => toggleKey(h, e.target.checked)}
                    />
                  </td>
                  <td>
                    <div className="mapping-target">
                      <select
                        aria-label={`Attribute for ${h}`}
                        value={attr === IGNORE ? IGNORE : canonical ? attr : CUSTOM}
                        onChange={(e) =>
                          setAttr(
                            h,
                            e.target.value === CUSTOM
                              ? h.toLowerCase().replace(/[^a-z0-9]+/g, '_')
                              : e.target.value,
                          )
                        }
                      >
                        <option value={IGNORE}>(ignore)</option>
                        {MAPPABLE_ATTRIBUTES.map((a) => (
                          <option key={a} value={a}>
                            {a}
                          </option>
                        ))}
                        <option value={CUSTOM}>other attribute…</option>
                      </select>
                      {attr !== IGNORE && !canonical ? (
                        <input
                          aria-label={`Custom attribute name for ${h}`}
                          value={attr}
                          onChange={(e) => setAttr(h, e.target.value)}
                          className="mono"
                        />
                      ) : null}
                    </div>
                  </td>
                  <td className="muted sample">
                    {sample
                      .slice(0, 3)
                      .map((r) => r[i] ?? '')
                      .filter(Boolean)
                      .join(' · ')}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {problems.length ? (
        <ul className="problems" data-testid="mapping-problems">
          {problems.map((p, i) => (
            <li key={i} className={p.severity}>
              {p.message}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="mapping-save">
        <Field label="Save this mapping for later files">
          <input
            value={saveName}
            placeholder="e.g. asset-register-v2"
            onChange={(e) => setSaveName(e.target.value)}
            data-testid="mapping-name"
          />
        </Field>
        <Button
          onClick={save}
          disabled={!saveName.trim() || saving || problems.some((p) => p.severity === 'error')}
          data-testid="mapping-save"
        >
          Save mapping
        </Button>
      </div>
    </div>
  );
}
