import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../src/ingest/import-files.js';
import { listFindings } from '../../src/reconcile/queries.js';
import { RECONCILE_CACHE_KIB, reconcile } from '../../src/reconcile/run-reconcile.js';
import { tempDir, tempWorkspace } from '../helpers/workspace.js';

function instance(id: string, state: string, ip: string, name: string) {
  return {
    InstanceId: id,
    InstanceType: 't3.large',
    PrivateIpAddress: ip,
    PrivateDnsName: `ip-${ip.replaceAll('.', '-')}.eu-north-1.compute.internal`,
    State: { Code: state === 'running' ? 16 : 48, Name: state },
    Placement: { AvailabilityZone: 'eu-north-1a' },
    Tags: [{ Key: 'Name', Value: name }],
  };
}

describe('lifecycle of discovered machines', () => {
  it('does not ask to add a terminated cloud instance to the CMDB, but does a running one', async () => {
    const ws = tempWorkspace();
    const file = path.join(tempDir(), 'describe-instances.json');
    writeFileSync(
      file,
      JSON.stringify({
        Reservations: [
          {
            ReservationId: 'r-0a1b2c3d4e5f60718',
            Instances: [
              instance('i-0123456789abcdef0', 'running', '10.40.1.15', 'billing-api-01'),
              instance('i-0fedcba9876543210', 'terminated', '10.40.1.16', 'billing-api-old'),
            ],
          },
        ],
      }),
    );
    await importFiles(ws, { source: 'aws', format: 'aws-ec2', paths: [file], inline: true });
    // The run uses its own small page cache, and gives the connection its own back.
    const before = ws.db.pragma('cache_size', { simple: true });
    const during: unknown[] = [];
    reconcile(ws, { onProgress: () => during.push(ws.db.pragma('cache_size', { simple: true })) });
    expect(during.length).toBe(5);
    expect(new Set(during)).toEqual(new Set([-RECONCILE_CACHE_KIB]));
    expect(ws.db.pragma('cache_size', { simple: true })).toBe(before);
    const missing = listFindings(ws, { categories: ['missing_in_cmdb'] }).findings.map((f) => f.key);
    expect(missing).toEqual(['i-0123456789abcdef0']);
    ws.close();
  });
});
