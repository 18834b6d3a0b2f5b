/**
 * The three ways an EXR can be refused, as InputErrors with stable codes:
 * `exr.unsupported` (a real feature we do not decode), `exr.invalid` (malformed or hostile
 * bytes) and `exr.too_large` (sizes past the caps), plus `exr.bad_image` for writer input.
 */
import { InputError } from '../core/errors.js';

export function exrUnsupported(feature: string, allowed: string, path = ''): InputError {
  return new InputError(`OpenEXR feature not supported: ${feature}`, 'exr.unsupported', [
    { code: 'exr.unsupported', path, allowed, received: feature },
  ]);
}

export function exrInvalid(message: string, path = '', received?: unknown, allowed?: string): InputError {
  const detail: { code: string; path: string; allowed?: string; received?: unknown } = { code: 'exr.invalid', path };
  if (allowed !== undefined) detail.allowed = allowed;
  if (received !== undefined) detail.received = received;
  return new InputError(`invalid OpenEXR data: ${message}`, 'exr.invalid', [detail]);
}

export function exrTooLarge(message: string, path: string, received: unknown, allowed: string): InputError {
  return new InputError(`OpenEXR image too large: ${message}`, 'exr.too_large', [
    { code: 'exr.too_large', path, allowed, received },
  ]);
}

export function exrBadImage(message: string, path: string, received: unknown, allowed: string): InputError {
  return new InputError(`cannot write OpenEXR: ${message}`, 'exr.bad_image', [
    { code: 'exr.bad_image', path, allowed, received },
  ]);
}
