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

export async function startScanner(
  video: HTMLVideoElement,
  onCode: (text: string) => void,
): Promise<Scanner> {
  if (navigator.mediaDevices?.getUserMedia === undefined) throw new ScannerError('unsupported');
  let stream: MediaStream;
  const detectorLoading = makeDetector();
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
    });
  } catch (error) {
    const name = error instanceof DOMException ? error.name : '';
    if (name === 'NotAllowedError' || name === 'SecurityError') throw new ScannerError('denied');
    if (name === 'NotFoundError' || name === 'OverconstrainedError') throw new ScannerError('no-camera');
    throw new ScannerError('failed');
  }
  const stopTracks = () => {
    for (const track of stream.getTracks()) track.stop();
  };
  let detector: QrDetector;
  try {
    detector = await detectorLoading;
    video.srcObject = stream;
    video.setAttribute('playsinline', '');
    video.muted = true;
    await video.play();
  } catch {
    stopTracks();
    throw new ScannerError('unsupported');
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
      video.srcObject = null;
    },
  };
}
