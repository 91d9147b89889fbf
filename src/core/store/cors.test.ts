import { describe, expect, it } from 'vitest';
import { corsHelp } from './connectionTest';
import { corsB2Json, corsCliJson, corsJson, corsRuleFor, corsXml } from './cors';
import { storePresets } from './presets';
import { childrenNamed, childText, parseXml } from './xml';

describe('the CORS rule', () => {
  const rule = corsRuleFor('https://photos.example.org/some/path');

  it('allows the page origin, every method the app uses, any header, and exposes ETag', () => {
    expect(rule).toEqual({
      allowedOrigins: ['https://photos.example.org'],
      allowedMethods: ['GET', 'PUT', 'HEAD', 'DELETE', 'POST'],
      allowedHeaders: ['*'],
      exposeHeaders: ['ETag', 'Date'],
      maxAgeSeconds: 3600,
    });
  });

  it('is written as the AWS console / R2 JSON, the CLI JSON and B2 rules', () => {
    const shape = {
      AllowedHeaders: ['*'],
      AllowedMethods: ['GET', 'PUT', 'HEAD', 'DELETE', 'POST'],
      AllowedOrigins: ['https://photos.example.org'],
      ExposeHeaders: ['ETag', 'Date'],
      MaxAgeSeconds: 3600,
    };
    expect(JSON.parse(corsJson(rule))).toEqual([shape]);
    expect(JSON.parse(corsCliJson(rule))).toEqual({ CORSRules: [shape] });
    expect(JSON.parse(corsB2Json(rule))).toEqual([
      {
        corsRuleName: 'pinhole',
        allowedOrigins: ['https://photos.example.org'],
        allowedOperations: ['s3_get', 's3_put', 's3_head', 's3_delete', 's3_post'],
        allowedHeaders: ['*'],
        exposeHeaders: ['ETag', 'Date'],
        maxAgeSeconds: 3600,
      },
    ]);
  });

  it('is written as PutBucketCors XML', () => {
    const xml = corsXml(rule);
    expect(xml).toContain('<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">');
    const cors = parseXml(xml);
    const [only, ...others] = childrenNamed(cors, 'CORSRule');
    expect(others).toEqual([]);
    if (!only) throw new Error('no rule');
    const all = (name: string) => childrenNamed(only, name).map((e) => e.text);
    expect(all('AllowedOrigin')).toEqual(['https://photos.example.org']);
    expect(all('AllowedMethod')).toEqual(['GET', 'PUT', 'HEAD', 'DELETE', 'POST']);
    expect(all('AllowedHeader')).toEqual(['*']);
    expect(all('ExposeHeader')).toEqual(['ETag', 'Date']);
    expect(childText(only, 'MaxAgeSeconds')).toBe('3600');
  });

  it('comes with one line of instructions per preset', () => {
    const help = corsHelp('http://127.0.0.1:4173');
    expect(Object.keys(help.howTo).sort()).toEqual(storePresets.map((p) => p.id).sort());
    expect(help.json).toContain('http://127.0.0.1:4173');
  });
});
