/** The few S3 answer documents the store client reads, from XML to plain objects. */
import { child, childrenNamed, childText, parseXml, XmlError, type XmlElement } from './xml';

export interface ObjectInfo {
  key: string;
  size: number;
  /** As the store sends it, quotes included ("…" or "…-N" for a multipart object). */
  etag: string;
}

export interface ListPage {
  objects: ObjectInfo[];
  /** Set when the listing continues: pass it as `continuation-token`. */
  nextContinuationToken?: string;
}

export interface UploadedPart {
  partNumber: number;
  etag: string;
  size: number;
}

export interface PartsPage {
  parts: UploadedPart[];
  nextPartNumberMarker?: string;
}

export interface MultipartUploadInfo {
  key: string;
  uploadId: string;
}

export interface UploadsPage {
  uploads: MultipartUploadInfo[];
  nextKeyMarker?: string;
  nextUploadIdMarker?: string;
}

function root(xml: string, name: string): XmlElement {
  const element = parseXml(xml);
  if (element.name !== name) throw new XmlError(`expected <${name}>, got <${element.name}>`);
  return element;
}

function required(element: XmlElement, name: string): string {
  const text = childText(element, name);
  if (text === undefined) throw new XmlError(`<${element.name}> has no <${name}>`);
  return text;
}

function count(element: XmlElement, name: string): number {
  const text = required(element, name).trim();
  if (!/^\d+$/.test(text)) throw new XmlError(`<${name}> is not a count: ${text}`);
  return Number(text);
}

function truncated(element: XmlElement): boolean {
  return childText(element, 'IsTruncated')?.trim() === 'true';
}

/** ListObjectsV2 (`ListBucketResult`). */
export function parseListObjectsV2(xml: string): ListPage {
  const result = root(xml, 'ListBucketResult');
  const objects = childrenNamed(result, 'Contents').map((c) => ({
    key: required(c, 'Key'),
    size: count(c, 'Size'),
    etag: childText(c, 'ETag') ?? '',
  }));
  const token = childText(result, 'NextContinuationToken');
  if (truncated(result) && !token) {
    throw new XmlError('a truncated listing without NextContinuationToken');
  }
  return truncated(result) ? { objects, nextContinuationToken: token } : { objects };
}

/** CreateMultipartUpload (`InitiateMultipartUploadResult`): the upload id. */
export function parseInitiateMultipartUpload(xml: string): string {
  const uploadId = required(root(xml, 'InitiateMultipartUploadResult'), 'UploadId');
  if (uploadId === '') throw new XmlError('an empty UploadId');
  return uploadId;
}

/** ListParts (`ListPartsResult`). */
export function parsePartsPage(xml: string): PartsPage {
  const result = root(xml, 'ListPartsResult');
  const parts = childrenNamed(result, 'Part').map((p) => ({
    partNumber: count(p, 'PartNumber'),
    etag: required(p, 'ETag'),
    size: count(p, 'Size'),
  }));
  const marker = childText(result, 'NextPartNumberMarker');
  return truncated(result) && marker ? { parts, nextPartNumberMarker: marker } : { parts };
}

/** ListMultipartUploads (`ListMultipartUploadsResult`). */
export function parseUploadsPage(xml: string): UploadsPage {
  const result = root(xml, 'ListMultipartUploadsResult');
  const uploads = childrenNamed(result, 'Upload').map((u) => ({
    key: required(u, 'Key'),
    uploadId: required(u, 'UploadId'),
  }));
  if (!truncated(result)) return { uploads };
  return {
    uploads,
    nextKeyMarker: childText(result, 'NextKeyMarker'),
    nextUploadIdMarker: childText(result, 'NextUploadIdMarker'),
  };
}

/**
 * CompleteMultipartUpload. A store may answer 200 and still fail: the status line goes out
 * before the parts are joined, so the error comes as an `<Error>` body (AWS documents this).
 * Returns the ETag (radosgw 16 sends an empty one), or the error's code and message.
 */
export function parseCompleteMultipartUpload(
  xml: string,
): { etag: string } | { error: { code?: string; message?: string } } {
  const element = parseXml(xml);
  if (element.name === 'Error') {
    return { error: { code: childText(element, 'Code'), message: childText(element, 'Message') } };
  }
  if (element.name !== 'CompleteMultipartUploadResult') {
    throw new XmlError(`expected <CompleteMultipartUploadResult>, got <${element.name}>`);
  }
  return { etag: child(element, 'ETag')?.text ?? '' };
}

/** The CompleteMultipartUpload request body, parts in ascending order as S3 requires. */
export function completeMultipartXml(parts: readonly UploadedPart[]): string {
  const sorted = [...parts].sort((a, b) => a.partNumber - b.partNumber);
  const body = sorted
    .map(
      (p) =>
        `<Part><PartNumber>${String(p.partNumber)}</PartNumber><ETag>${escapeXml(p.etag)}</ETag></Part>`,
    )
    .join('');
  return `<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${body}</CompleteMultipartUpload>`;
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${String(c.charCodeAt(0))};`);
}
