import { describe, expect, it } from 'vitest';
import {
  completeMultipartXml,
  parseCompleteMultipartUpload,
  parseInitiateMultipartUpload,
  parseListObjectsV2,
  parsePartsPage,
  parseUploadsPage,
} from './responses';
import { parseErrorBody } from './errors';
import { childText, parseXml, XmlError } from './xml';

describe('parseXml', () => {
  it('reads elements, text, entities, CDATA and skips declarations, comments and attributes', () => {
    const root = parseXml(
      '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- c --><a xmlns="urn:x" b=\'>\'><s3:k>x &lt;&amp;&gt; &#x1F600;&#65;&quot;&apos;</s3:k><e/><c><![CDATA[<raw&>]]></c></a>\n',
    );
    expect(root.name).toBe('a');
    expect(root.children.map((c) => c.name)).toEqual(['k', 'e', 'c']);
    expect(childText(root, 'k')).toBe('x <&> 😀A"\'');
    expect(childText(root, 'e')).toBe('');
    expect(childText(root, 'c')).toBe('<raw&>');
  });

  it.each([
    ['<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', /DOCTYPE/],
    ['<a>&x;</a>', /unknown entity/],
    ['<a>&#xD800;</a>', /unknown entity/],
    ['<a>AT&T</a>', /bare &/],
    ['<a><b></a></b>', /does not close/],
    ['<a><b></b>', /not closed/],
    ['<a/><b/>', /second root/],
    ['text<a/>', /outside the root/],
    ['<a></a>tail', /outside the root/],
    ['', /no root/],
    ['<a', /unclosed start tag/],
    ['<1a/>', /bad tag name/],
  ])('refuses %j', (source, message) => {
    expect(() => parseXml(source)).toThrow(XmlError);
    expect(() => parseXml(source)).toThrow(message);
  });
});

describe('S3 answers', () => {
  // As radosgw 16 sent them (see notes on the store).
  it('reads a ListObjectsV2 page and its continuation token', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix>p/</Prefix><MaxKeys>2</MaxKeys><IsTruncated>true</IsTruncated><Contents><Key>p/a &amp; b</Key><LastModified>2026-11-24T03:43:32.114Z</LastModified><ETag>&quot;81485c0e873d222199469076b60f30e9-1&quot;</ETag><Size>5242880</Size><StorageClass>STANDARD</StorageClass></Contents><Contents><Key>p/c</Key><ETag>"x"</ETag><Size>0</Size></Contents><KeyCount>2</KeyCount><NextContinuationToken>p/c</NextContinuationToken></ListBucketResult>`;
    expect(parseListObjectsV2(xml)).toEqual({
      objects: [
        { key: 'p/a & b', size: 5242880, etag: '"81485c0e873d222199469076b60f30e9-1"' },
        { key: 'p/c', size: 0, etag: '"x"' },
      ],
      nextContinuationToken: 'p/c',
    });
  });

  it('reads the last page and an empty listing', () => {
    expect(
      parseListObjectsV2(
        '<ListBucketResult><IsTruncated>false</IsTruncated><KeyCount>0</KeyCount></ListBucketResult>',
      ),
    ).toEqual({ objects: [] });
  });

  it('refuses a truncated page without a token, a bad size and the wrong document', () => {
    expect(() =>
      parseListObjectsV2('<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>'),
    ).toThrow(/NextContinuationToken/);
    expect(() =>
      parseListObjectsV2(
        '<ListBucketResult><Contents><Key>k</Key><Size>-1</Size></Contents></ListBucketResult>',
      ),
    ).toThrow(/count/);
    expect(() => parseListObjectsV2('<Error><Code>NoSuchBucket</Code></Error>')).toThrow(
      /expected/,
    );
  });

  it('reads multipart answers', () => {
    expect(
      parseInitiateMultipartUpload(
        '<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>2~yyYLtESeUu-jOPMBxJ-c4RNR1O8uvT2</UploadId></InitiateMultipartUploadResult>',
      ),
    ).toBe('2~yyYLtESeUu-jOPMBxJ-c4RNR1O8uvT2');
    expect(
      parsePartsPage(
        '<ListPartsResult><PartNumberMarker>0</PartNumberMarker><NextPartNumberMarker>1</NextPartNumberMarker><IsTruncated>false</IsTruncated><Owner><ID></ID></Owner><Part><PartNumber>1</PartNumber><ETag>&quot;5f36&quot;</ETag><Size>5242880</Size></Part></ListPartsResult>',
      ),
    ).toEqual({ parts: [{ partNumber: 1, etag: '"5f36"', size: 5242880 }] });
    expect(
      parsePartsPage(
        '<ListPartsResult><NextPartNumberMarker>1000</NextPartNumberMarker><IsTruncated>true</IsTruncated></ListPartsResult>',
      ),
    ).toEqual({ parts: [], nextPartNumberMarker: '1000' });
    expect(
      parseUploadsPage(
        '<ListMultipartUploadsResult><IsTruncated>false</IsTruncated><Upload><Key>k</Key><UploadId>u</UploadId></Upload></ListMultipartUploadsResult>',
      ),
    ).toEqual({ uploads: [{ key: 'k', uploadId: 'u' }] });
  });

  it('tells a completed upload from a 200 that carries an error', () => {
    expect(
      parseCompleteMultipartUpload(
        '<CompleteMultipartUploadResult><Location>l</Location><Key>k</Key><ETag></ETag></CompleteMultipartUploadResult>',
      ),
    ).toEqual({ etag: '' });
    expect(
      parseCompleteMultipartUpload(
        '<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>',
      ),
    ).toEqual({ error: { code: 'InternalError', message: 'We encountered an internal error.' } });
  });

  it('writes the completion body in part order, ETags escaped', () => {
    expect(
      completeMultipartXml([
        { partNumber: 2, etag: '"b"', size: 1 },
        { partNumber: 1, etag: '"a"', size: 5 },
      ]),
    ).toBe(
      '<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Part><PartNumber>1</PartNumber><ETag>&#34;a&#34;</ETag></Part><Part><PartNumber>2</PartNumber><ETag>&#34;b&#34;</ETag></Part></CompleteMultipartUpload>',
    );
  });

  it('reads error documents, and nothing from other bodies', () => {
    expect(
      parseErrorBody(
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code><Message></Message><RequestId>tx0</RequestId></Error>',
      ),
    ).toEqual({ code: 'SignatureDoesNotMatch', message: undefined });
    expect(parseErrorBody('')).toEqual({});
    expect(parseErrorBody('<html>502 Bad Gateway</html>')).toEqual({});
    expect(parseErrorBody('<Error><Code>x</Code>')).toEqual({});
  });
});
