/**
 * Where GetFunction's `Code.Location` points: Lambda answers a presigned S3 URL; Sluice serves the zip itself at
 * `GET /_sluice/lambda/code/<function id>` (the id is a random UUID, as unguessable as a presigned URL). The URL
 * is built from the request's Host header, so it reaches Sluice the way the caller did.
 */
import type { HttpAnswer } from '../../protocol/aws-json.js';
import type { RequestContext } from '../../protocol/context.js';
import type { PathRoute } from '../../protocol/http-edge.js';
import type { LambdaFunctionRow } from '../../store/lambda.js';
import { findLambdaCode } from '../../store/lambda.js';
import type { Db } from '../../store/pipelines.js';

const PREFIX = '/_sluice/lambda/code';

/** The download URL of a function's current package. */
export function codeLocation(ctx: RequestContext, row: LambdaFunctionRow): string {
  const hash = encodeURIComponent(row.code_sha256);
  return `http://${ctx.host ?? '127.0.0.1'}${PREFIX}/${row.id}?sha256=${hash}`;
}

/** The edge route serving packages. */
export function codeDownloadRoute(db: Db): PathRoute {
  return {
    pathPrefix: PREFIX,
    serve: async (req, ctx) => {
      req.resume();
      const url = new URL(req.url ?? '/', 'http://localhost');
      const id = url.pathname.slice(PREFIX.length + 1);
      const sha256 = url.searchParams.get('sha256') ?? '';
      const zip = req.method === 'GET' && id !== '' ? await findLambdaCode(db, id, sha256) : undefined;
      if (zip === undefined) return notFound(ctx.requestId);
      return {
        status: 200,
        headers: { 'content-type': 'application/zip', 'x-amzn-requestid': ctx.requestId },
        body: zip,
      };
    },
  };
}

function notFound(requestId: string): HttpAnswer {
  return {
    status: 404,
    headers: { 'content-type': 'application/xml', 'x-amzn-requestid': requestId },
    body: '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>',
  };
}
