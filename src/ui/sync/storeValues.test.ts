import { describe, expect, it } from 'vitest';
import { settingsFromValues, type StoreFormValues } from './storeValues';

const typed: StoreFormValues = {
  preset: 'selfHosted',
  endpoint: ' http://127.0.0.1:7480/ ',
  region: 'us-east-1',
  bucket: 'photos',
  prefix: ' family/ ',
  accessKeyId: ' AKIA ',
  secretAccessKey: ' secret ',
  pathStyle: true,
};

describe('settingsFromValues', () => {
  it('trims what was typed and drops the endpoint’s trailing slash', () => {
    expect(settingsFromValues(typed)).toEqual({
      location: {
        endpoint: 'http://127.0.0.1:7480',
        region: 'us-east-1',
        bucket: 'photos',
        accessKeyId: 'AKIA',
        secretAccessKey: 'secret',
        pathStyle: true,
      },
      prefix: 'family/',
    });
  });

  it('names the first missing field', () => {
    expect(settingsFromValues({ ...typed, endpoint: '' })).toMatch(/endpoint/);
    expect(settingsFromValues({ ...typed, bucket: ' ' })).toMatch(/bucket/);
    expect(settingsFromValues({ ...typed, secretAccessKey: '' })).toMatch(/secret access key/);
  });

  it('takes plain http only for a store on this computer', () => {
    expect(settingsFromValues({ ...typed, endpoint: 'http://s3.example.com' })).toMatch(
      /https:\/\//,
    );
    expect(settingsFromValues({ ...typed, endpoint: 'not a url' })).toMatch(/not a web address/);
    expect(settingsFromValues({ ...typed, endpoint: 'https://s3.example.com' })).toHaveProperty(
      'location.endpoint',
      'https://s3.example.com',
    );
  });

  it('uses path-style for a bucket name with dots', () => {
    const settings = settingsFromValues({ ...typed, bucket: 'my.photos', pathStyle: false });
    expect(settings).toHaveProperty('location.pathStyle', true);
  });
});
