import { z } from 'zod';
import { villageCodeSchema } from '../domain/common';
import { fundProgramSchema } from '../domain/fundProgram';
import { noticeSchema } from '../domain/notice';
import { holidaySchema, serviceItemSchema } from '../domain/serviceItem';
import { villageProjectSchema } from '../domain/villageProject';

/**
 * County content the dashboard edits. Each is a pull stream: an edit is published as one change
 * and reaches the kiosks on their next sync, validated by the same schema the kiosk parses with.
 */
export const CONTENT_STREAMS = ['program', 'project', 'notice', 'serviceItem', 'holiday'] as const;
export const contentStreamSchema = z.enum(CONTENT_STREAMS);
export type ContentStream = z.infer<typeof contentStreamSchema>;

export const CONTENT_VALUE_SCHEMAS = {
  program: fundProgramSchema,
  project: villageProjectSchema,
  notice: noticeSchema,
  serviceItem: serviceItemSchema,
  holiday: holidaySchema,
} as const satisfies Record<ContentStream, z.ZodType>;
export type ContentValue<S extends ContentStream> = z.infer<(typeof CONTENT_VALUE_SCHEMAS)[S]>;

/** Streams whose values belong to one village (a notice's village may also be null: county-wide). */
export const VILLAGE_SCOPED_STREAMS: readonly ContentStream[] = ['project', 'notice'];

/** The key a value is published under: the same key importDemo uses, so an edit replaces the import. */
export function contentKeyOf<S extends ContentStream>(stream: S, value: ContentValue<S>): string {
  switch (stream) {
    case 'serviceItem':
      return (value as ContentValue<'serviceItem'>).code;
    case 'holiday':
      return (value as ContentValue<'holiday'>).date;
    default:
      return (value as ContentValue<'program' | 'project' | 'notice'>).id;
  }
}

export const CONTENT_PAGE_MAX = 200;

/** GET /content/:stream. `village` filters projects and notices (a notice list also shows county-wide ones). */
export const contentListQuerySchema = z.strictObject({
  village: villageCodeSchema.optional(),
  /** The last key of the previous page (keys ascend). */
  after: z.string().min(1).max(120).optional(),
  limit: z.coerce.number().int().min(1).max(CONTENT_PAGE_MAX).default(50),
});
export type ContentListQuery = z.infer<typeof contentListQuerySchema>;

export const contentKeyParamSchema = z.string().min(1).max(120);

function contentItemSchemaOf<S extends ContentStream>(stream: S) {
  return z.object({
    key: z.string(),
    /** Where the change was published: null for county-wide values. */
    villageCode: z.string().nullable(),
    value: CONTENT_VALUE_SCHEMAS[stream],
    /** Server time of the latest change. */
    updatedAt: z.string(),
  });
}

/** The list answer of one stream; the UI parses with the stream's own schema. */
export function contentListResponseSchema<S extends ContentStream>(stream: S) {
  return z.object({
    items: z.array(contentItemSchemaOf(stream)),
    /** Pass as `after` for the next page; null at the end. */
    nextAfter: z.string().nullable(),
  });
}
export type ContentListResponse<S extends ContentStream> = z.infer<ReturnType<typeof contentListResponseSchema<S>>>;

/** What PUT and DELETE /content/:stream/:key answer. */
export const contentWriteResponseSchema = z.object({
  stream: contentStreamSchema,
  key: z.string(),
  op: z.enum(['put', 'delete']),
  /** The change id kiosks will pull. */
  changeId: z.number().int().min(1),
  updatedAt: z.string(),
});
export type ContentWriteResponse = z.infer<typeof contentWriteResponseSchema>;
