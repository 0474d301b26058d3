import { PHOTO_CHARS_MAX, shrinkSteps } from './plan';

/**
 * A photo of a paper sign-in sheet, made small enough to send with a 补录: drawn on a canvas at the
 * sizes and qualities `shrinkSteps` lists, best first, until its JPEG data URL fits the API's limit
 * (48,000 characters, about 35 KB). Undefined when the file is not a picture the browser can read,
 * or cannot be made small enough.
 */
export async function shrinkPhoto(file: Blob): Promise<string | undefined> {
  const url = URL.createObjectURL(file);
  try {
    const image = new Image();
    image.src = url;
    try {
      await image.decode();
    } catch {
      return undefined;
    }
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d');
    if (context === null) return undefined;
    for (const step of shrinkSteps(image.naturalWidth, image.naturalHeight)) {
      canvas.width = step.width;
      canvas.height = step.height;
      // A transparent PNG would turn black in a JPEG: paper is white.
      context.fillStyle = '#fff';
      context.fillRect(0, 0, step.width, step.height);
      context.drawImage(image, 0, 0, step.width, step.height);
      const data = canvas.toDataURL('image/jpeg', step.quality);
      if (data.startsWith('data:image/jpeg;base64,') && data.length <= PHOTO_CHARS_MAX) return data;
    }
    return undefined;
  } finally {
    URL.revokeObjectURL(url);
  }
}
