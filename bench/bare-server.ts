/**
 * The baseline of the DescribePipeline benchmark: a bare Node `http` server that reads each request body and
 * answers with fixed bytes, the same headers Sluice sends (content-type, x-amzn-requestid, content-length) and
 * the same keep-alive settings. Whatever Sluice costs above this is Sluice.
 * Run by bench/support.ts: node --import tsx bench/bare-server.ts PORT BODY_FILE CONTENT_TYPE
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [portText, bodyFile, contentType] = process.argv.slice(2);
if (!portText || !bodyFile || !contentType) {
  process.stderr.write('usage: bare-server.ts PORT BODY_FILE CONTENT_TYPE\n');
  process.exit(2);
}
const body = readFileSync(bodyFile);
const length = String(body.length);

const server = createServer({ keepAlive: true }, (req, res) => {
  req.on('data', () => undefined);
  req.on('end', () => {
    res.writeHead(200, { 'content-type': contentType, 'x-amzn-requestid': randomUUID(), 'content-length': length });
    res.end(body);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(portText), '127.0.0.1', () => {
  process.stdout.write(`bare server listening on ${portText}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
