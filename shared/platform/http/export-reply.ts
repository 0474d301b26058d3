import type { Reply } from './endpoint';

/** One part of an office export, as the records' exports make it (shared/records/use-cases/export.ts). */
interface ExportPart {
  fileName: string;
  mediaType: string;
  body: { text: string } | { bytes: Uint8Array };
  rows: readonly unknown[];
  next?: string | undefined;
}

/**
 * An export part as an HTTP reply: the file as an attachment, how many rows it holds, and where
 * the next part begins (ask again with `after=`; absent on the last part). docs/records.md, "Export".
 */
export const exportReply = (file: ExportPart): Reply => ({
  status: 200,
  ...file.body,
  headers: {
    'content-type': file.mediaType,
    'content-disposition': `attachment; filename="${file.fileName}"`,
    'x-export-rows': String(file.rows.length),
    ...(file.next === undefined ? {} : { 'x-export-next': file.next }),
  },
});
