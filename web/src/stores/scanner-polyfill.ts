import { BarcodeDetector, prepareZXingModule } from 'barcode-detector/ponyfill';
import type { QrDetector } from './scanner';

/**
 * The lazily loaded scanner: ZXing compiled to WebAssembly. Its .wasm is served from our own origin
 * (the build copies it under a content-hashed name), never from a CDN, which a village hall's
 * network may not reach.
 */
declare const __ZXING_WASM_URL__: string;

/** Loads and compiles the .wasm now, so that a failure shows at once rather than on every frame. */
export async function createPolyfillDetector(): Promise<QrDetector> {
  await prepareZXingModule({
    overrides: {
      locateFile: (path: string, prefix: string) =>
        path.endsWith('.wasm') ? new URL(__ZXING_WASM_URL__, location.href).href : prefix + path,
    },
    fireImmediately: true,
  });
  return new BarcodeDetector({ formats: ['qr_code'] });
}
