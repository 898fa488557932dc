/**
 * A Sluice asked to stop (SIGTERM, Ctrl-C) exits even while clients keep connections busy: a consumer that
 * long-polls SQS sends its next ReceiveMessage the moment one is answered, on the same keep-alive connection.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { CreateQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChildSluice } from '../support/child-server.js';
import { sqsClient } from '../support/sqs.js';

describe('shutdown', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-shutdown-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('exits on SIGTERM while a consumer long-polls in a loop', async () => {
    const sluice = await startChildSluice(['--data-dir', dataDir]);
    const sqs = sqsClient(sluice.url);
    try {
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'busy' }));
      let polling = true;
      const consumer = (async () => {
        while (polling) {
          try {
            await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
          } catch {
            polling = false; // the server went away, as it should
          }
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 300)); // a receive is waiting
      sluice.process.kill('SIGTERM');
      // Not a speed check: a Sluice that never exits would hang the suite, so give up after a generous while.
      const exited = new Promise<number | null>((resolve) => sluice.process.once('exit', (code) => resolve(code)));
      const hung = new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 30_000).unref());
      const code = await Promise.race([exited, hung]);
      assert.equal(code, 0, `sluice ${code === 'hung' ? 'did not exit' : 'exited badly'}: ${sluice.stderr()}`);
      polling = false;
      await consumer;
    } finally {
      await sluice.kill('SIGKILL');
      sqs.destroy();
    }
  });
});
