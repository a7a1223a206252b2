/**
 * Jest global teardown: removes the shared scratch consumer project of the
 * package tests (test/package/consumer_project.ts), unless
 * TFJS_SMELU_KEEP_CONSUMER=1 asks to keep it for the next run.
 */
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = async function globalTeardown() {
  if (process.env.TFJS_SMELU_KEEP_CONSUMER === '1') return;
  const repoRoot = path.resolve(__dirname, '..', '..');
  // Same name as SHARED_CONSUMER_DIR in consumer_project.ts.
  const dir = path.join(
      os.tmpdir(), `tfjs-smelu-consumer-${crypto.createHash('sha256').update(repoRoot).digest('hex').slice(0, 12)}`);
  fs.rmSync(dir, {recursive: true, force: true});
};
