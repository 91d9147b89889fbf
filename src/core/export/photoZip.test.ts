import { describe, expect, it } from 'vitest';
import { readFixture } from '../testing/fixtures';
import { photoZip, photoZipLength, PhotoZipError } from './photoZip';
import { readZip } from '../testing/readZip';

const FIXTURES = [
  'exif-gps-berkeley-canon600d-2015.jpg',
  'heic-orient6-iphone13promax-2022.heic',
  'tiny-1x1-exif-gps.png',
  'gif-animated.gif',
];

async function fixtureFile(name: string, lastModified: number, as = name): Promise<File> {
  return new File([await readFixture(name)], as, { type: 'image/jpeg', lastModified });
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** openFile over a map of photo id to File, logging each open. */
function opener(files: Map<string, File>, log: string[] = []) {
  return (photoId: string) => {
    log.push(`open ${photoId}`);
    const file = files.get(photoId);
    return file ? Promise.resolve(file) : Promise.reject(new Error('original missing'));
  };
}

describe('photoZip', () => {
  it('holds every original byte for byte, with its name and date', async () => {
    const files = new Map<string, File>();
    for (const [index, name] of FIXTURES.entries()) {
      files.set(`p${String(index)}`, await fixtureFile(name, Date.UTC(2020, index, 3, 4, 5, 7)));
    }
    const zip = await readAll(photoZip([...files.keys()], opener(files)));
    const entries = readZip(zip);

    expect(entries.map((entry) => entry.name)).toEqual(FIXTURES);
    for (const [index, entry] of entries.entries()) {
      const original = files.get(`p${String(index)}`);
      if (!original) throw new Error('missing fixture');
      expect(Buffer.from(entry.bytes).equals(Buffer.from(await original.arrayBuffer()))).toBe(true);
      // DOS dates are local time in two-second steps.
      const date = new Date(original.lastModified);
      expect(entry.modified).toEqual({
        year: date.getFullYear(),
        month: date.getMonth() + 1,
        day: date.getDate(),
        hours: date.getHours(),
        minutes: date.getMinutes(),
        seconds: date.getSeconds() - (date.getSeconds() % 2),
      });
    }
    expect(zip.byteLength).toBe(photoZipLength([...files.values()]));
  });

  it('gives same-named photos unique names, as case-insensitive disks see them', async () => {
    const names = [
      'IMG_0001.JPG', // from one folder
      'IMG_0001.JPG', // from another
      'img_0001.jpg',
      'IMG_0001 (2).JPG', // a real file that already had the name the second one took
      '../../escape.jpg',
      'été.heic',
      'e\u0301te\u0301.heic', // the same name decomposed, as macOS writes it
      '',
      'noextension',
      'noextension',
    ];
    const files = new Map<string, File>();
    for (const [index, name] of names.entries()) {
      files.set(`p${String(index)}`, new File([`photo ${String(index)}`], name));
    }
    const zip = await readAll(photoZip([...files.keys()], opener(files)));
    const entries = readZip(zip);

    expect(entries.map((entry) => entry.name)).toEqual([
      'IMG_0001.JPG',
      'IMG_0001 (2).JPG',
      'img_0001 (3).jpg',
      'IMG_0001 (2) (2).JPG',
      '.._.._escape.jpg',
      'été.heic',
      'e\u0301te\u0301 (2).heic',
      'photo',
      'noextension',
      'noextension (2)',
    ]);
    expect(entries.map((entry) => new TextDecoder().decode(entry.bytes))).toEqual(
      names.map((_, index) => `photo ${String(index)}`),
    );
    // The prediction makes the same names, so it counts the same bytes.
    expect(zip.byteLength).toBe(photoZipLength([...files.values()]));
  });

  it('opens each original only once the one before it has been read', async () => {
    const log: string[] = [];
    class LoggedFile extends File {
      override stream() {
        const name = this.name;
        return super.stream().pipeThrough(
          new TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>({
            flush: () => void log.push(`read ${name}`),
          }),
        );
      }
    }
    const files = new Map<string, File>();
    for (const id of ['a', 'b', 'c']) {
      files.set(id, new LoggedFile([new Uint8Array(200_000).fill(id.charCodeAt(0))], `${id}.jpg`));
    }
    const stream = photoZip(['a', 'b', 'c'], opener(files, log));
    expect(log).toEqual([]); // nothing is opened before the stream is read

    const reader = stream.getReader();
    await reader.read();
    expect(log).toEqual(['open a']);
    while (!(await reader.read()).done);
    // b is opened only after a's last byte was read, and so on.
    expect(log).toEqual(['open a', 'read a.jpg', 'open b', 'read b.jpg', 'open c', 'read c.jpg']);
  });

  it('stops, opening nothing more, when the reader cancels', async () => {
    const log: string[] = [];
    const files = new Map<string, File>([
      ['a', new File([new Uint8Array(300_000)], 'a.jpg')],
      ['b', new File(['b'], 'b.jpg')],
    ]);
    const reader = photoZip(['a', 'b'], opener(files, log)).getReader();
    await reader.read();
    await reader.read();
    await expect(reader.cancel(new Error('the user cancelled'))).resolves.toBeUndefined();
    expect(log).toEqual(['open a']);
  });

  it('fails, naming the photo, when an original is missing', async () => {
    const files = new Map<string, File>([['a', new File(['a'], 'a.jpg')]]);
    const error = await readAll(photoZip(['a', 'gone'], opener(files))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PhotoZipError);
    expect(error).toMatchObject({
      photoId: 'gone',
      message: 'Photo gone could not be added to the zip: original missing',
    });
  });

  it('names the missing photo by its file name when it can', async () => {
    const nameOf = (photoId: string) =>
      Promise.resolve(photoId === 'gone' ? 'IMG_0007.HEIC' : null);
    const error = await readAll(photoZip(['gone'], opener(new Map()), { nameOf })).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      photoId: 'gone',
      fileName: 'IMG_0007.HEIC',
      message: '"IMG_0007.HEIC" could not be added to the zip: original missing',
    });
  });

  it('fails, naming the file, when an original cannot be read', async () => {
    class BrokenFile extends File {
      override stream() {
        let sent = false;
        return new ReadableStream<Uint8Array<ArrayBuffer>>({
          pull(controller) {
            if (sent) controller.error(new Error('decryption failed'));
            else controller.enqueue(new Uint8Array(1000));
            sent = true;
          },
        });
      }
    }
    const files = new Map<string, File>([
      ['a', new File(['a'], 'a.jpg')],
      ['b', new BrokenFile([new Uint8Array(5000)], 'IMG_0002.JPG')],
    ]);
    const error = await readAll(photoZip(['a', 'b'], opener(files))).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'PhotoZipError',
      message: '"IMG_0002.JPG" could not be added to the zip: decryption failed',
    });
  });

  it('makes an empty zip of no photos', async () => {
    const zip = await readAll(photoZip([], opener(new Map())));
    expect(readZip(zip)).toEqual([]);
    expect(zip.byteLength).toBe(photoZipLength([]));
  });
});
