/**
 * Reads a QR code from the camera. The browser's own BarcodeDetector is used where it exists
 * (Android Chrome); elsewhere the ZXing WebAssembly polyfill is loaded, only now, when scanning
 * starts, so the counter page itself stays small.
 */
export interface QrDetector {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}

export type ScanFailure = 'denied' | 'no-camera' | 'unsupported' | 'failed';

export class ScannerError extends Error {
  constructor(readonly reason: ScanFailure) {
    super(reason);
    this.name = 'ScannerError';
  }
}

export interface Scanner {
  stop(): void;
}

interface NativeDetectorClass {
  new (options: { formats: string[] }): QrDetector;
  getSupportedFormats(): Promise<string[]>;
}

async function makeDetector(): Promise<QrDetector> {
  const native = (globalThis as { BarcodeDetector?: NativeDetectorClass }).BarcodeDetector;
  if (native !== undefined) {
    try {
      if ((await native.getSupportedFormats()).includes('qr_code'))
        return new native({ formats: ['qr_code'] });
    } catch {
      // fall through to the polyfill
    }
  }
  const { createPolyfillDetector } = await import('./scanner-polyfill');
  return await createPolyfillDetector();
}

const SCAN_INTERVAL_MS = 200;
/** A permission question left unanswered this long: the counter is told, and can type the code. */
export const CAMERA_ANSWER_MS = 20_000;
/** A camera that gives no picture this long after it started is not working (a black box). */
export const FIRST_FRAME_MS = 8000;

/** The camera's stream, or a ScannerError; a stream that comes after the wait is stopped at once. */
async function openCamera(): Promise<MediaStream> {
  let late = false;
  const asking = navigator.mediaDevices.getUserMedia({
    audio: false,
    video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<never>((_, fail) => {
    timer = setTimeout(() => {
      late = true;
      fail(new ScannerError('failed'));
    }, CAMERA_ANSWER_MS);
  });
  asking.then(
    (stream) => {
      if (late) for (const track of stream.getTracks()) track.stop();
    },
    () => {},
  );
  try {
    return await Promise.race([asking, waited]);
  } catch (error) {
    if (error instanceof ScannerError) throw error;
    const name = error instanceof DOMException ? error.name : '';
    if (name === 'NotAllowedError' || name === 'SecurityError') throw new ScannerError('denied');
    if (name === 'NotFoundError' || name === 'OverconstrainedError') throw new ScannerError('no-camera');
    throw new ScannerError('failed');
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves when the video shows a picture; a ScannerError when none comes in FIRST_FRAME_MS. */
function firstFrame(video: HTMLVideoElement): Promise<void> {
  return new Promise((done, fail) => {
    const started = Date.now();
    const look = () => {
      if (video.readyState >= 2 && video.videoWidth > 0) done();
      else if (Date.now() - started > FIRST_FRAME_MS) fail(new ScannerError('failed'));
      else setTimeout(look, 100);
    };
    look();
  });
}

export async function startScanner(
  video: HTMLVideoElement,
  onCode: (text: string) => void,
): Promise<Scanner> {
  if (navigator.mediaDevices?.getUserMedia === undefined) throw new ScannerError('unsupported');
  const detectorLoading = makeDetector();
  // The polyfill may fail to load (offline): that is the camera failing, said the same way.
  detectorLoading.catch(() => {});
  const stream = await openCamera();
  const stopTracks = () => {
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
  };
  let detector: QrDetector;
  try {
    detector = await detectorLoading;
  } catch {
    stopTracks();
    throw new ScannerError('unsupported');
  }
  video.srcObject = stream;
  video.setAttribute('playsinline', '');
  video.muted = true;
  // play() waits for a picture, which a broken camera never gives: the first frame is awaited
  // with a deadline instead.
  video.play().catch(() => {});
  try {
    await firstFrame(video);
  } catch (error) {
    stopTracks();
    throw error;
  }

  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = async () => {
    if (stopped) return;
    try {
      if (video.readyState >= 2 && video.videoWidth > 0) {
        const found = await detector.detect(video);
        const text = found.find((barcode) => barcode.rawValue !== '')?.rawValue;
        if (text !== undefined && !stopped) {
          onCode(text);
          return;
        }
      }
    } catch {
      // A frame that could not be read; try the next one.
    }
    if (!stopped) timer = setTimeout(() => void tick(), SCAN_INTERVAL_MS);
  };
  void tick();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      stopTracks();
    },
  };
}
