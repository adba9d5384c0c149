import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CONTENT_VALUE_SCHEMAS, contentKeyParamSchema, contentListQuerySchema, contentStreamSchema, VILLAGE_SCOPED_STREAMS, type ContentListResponse, type ContentStream } from '../../../../shared/dashboard/content';
import { HttpError } from '../../httpError';
import { listCurrentContent } from '../../services/content/contentLog';
import { deleteContent, publishContent } from '../../services/content/publishContent';
import type { DashboardContext } from '../context';

const streamParamsSchema = z.strictObject({ stream: contentStreamSchema });
const keyParamsSchema = z.strictObject({ stream: contentStreamSchema, key: contentKeyParamSchema });

/** Values are a few KB; a program with twenty documents stays far below this. */
const CONTENT_BODY_LIMIT = 256 * 1024;

/**
 * Stored values are parsed again on the way out: the kiosk would refuse one its schema rejects,
 * so the editor must not show it as fine. A failure is the server's fault (500), not the request's.
 */
function parseStored(stream: ContentStream, key: string, text: string): unknown {
  const parsed = CONTENT_VALUE_SCHEMAS[stream].safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`stored ${stream} ${key} does not match its schema`);
  return parsed.data;
}

/**
 * The county's content editors: current values of each stream, and edits published as changes
 * the kiosks pull. Values are parsed with the kiosk's own schemas before anything is written.
 */
export function registerContentRoutes(scope: FastifyInstance, ctx: DashboardContext): void {
  scope.get('/content/:stream', { config: { minRole: 'viewer' } }, async (request) => {
    const { stream } = streamParamsSchema.parse(request.params);
    const query = contentListQuerySchema.parse(request.query);
    if (query.village !== undefined && !VILLAGE_SCOPED_STREAMS.includes(stream)) {
      throw new HttpError(400, 'INVALID_REQUEST', `${stream} is county-wide: it has no village filter`);
    }
    const rows = await listCurrentContent(ctx.db, stream, { village: query.village, after: query.after, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    const response: ContentListResponse<ContentStream> = {
      items: page.map((row) => ({ key: row.key, villageCode: row.villageCode, value: parseStored(stream, row.key, row.value) as never, updatedAt: row.createdAt })),
      nextAfter: rows.length > query.limit ? (page.at(-1)?.key ?? null) : null,
    };
    return response;
  });

  scope.put('/content/:stream/:key', { config: { minRole: 'admin' }, bodyLimit: CONTENT_BODY_LIMIT }, async (request) => {
    const { stream, key } = keyParamsSchema.parse(request.params);
    return publishContent(ctx.db, stream, key, request.body, ctx.clock());
  });

  scope.delete('/content/:stream/:key', { config: { minRole: 'admin' } }, async (request) => {
    const { stream, key } = keyParamsSchema.parse(request.params);
    return deleteContent(ctx.db, stream, key, ctx.clock());
  });
}
