/** Decodes the image at `url` off the main thread; resolves with its upright natural size. */
export async function decodeImage(url: string): Promise<{ width: number; height: number }> {
  const image = new Image();
  image.src = url;
  await image.decode();
  return { width: image.naturalWidth, height: image.naturalHeight };
}
