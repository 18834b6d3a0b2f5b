import { BT709_BITEXACT_ARGS, encodeSequence, sequenceInputArgs, sequenceTempPath } from './encode-sequence.js';
import type { MovieFormat, SequenceEncodeOptions, SequenceEncodeResult } from './encode-sequence.js';

export type EncodeProresOptions = SequenceEncodeOptions;
export type EncodeProresResult = SequenceEncodeResult;

/** Temp name in the same folder, keeping `.mov`: `.name.<pid>.tmp.mov`. */
export const movTempPath = sequenceTempPath;

/**
 * The ffmpeg argument list (without the binary and the always-prepended `-hide_banner -nostdin`).
 * BT.709 is tagged twice: in the container (`colr` atom via the stream's colour options) and
 * in every ProRes frame header, which this ffmpeg's prores_ks leaves "unspecified" unless
 * the `prores_metadata` bitstream filter rewrites it. 4:2:2 halves only the width, so only
 * an odd width is padded.
 */
export function buildProresArgs(opts: EncodeProresOptions, tmpPath: string, pad: boolean): string[] {
  const filters: string[] = [];
  if (pad) filters.push('pad=ceil(iw/2)*2:ih:0:0:black');
  filters.push('scale=out_color_matrix=bt709:out_range=tv', 'format=yuv422p10le');
  return [
    ...sequenceInputArgs(opts),
    '-vf', filters.join(','),
    '-c:v', 'prores_ks', '-profile:v', '3', '-vendor', 'apl0', '-pix_fmt', 'yuv422p10le',
    '-bsf:v', 'prores_metadata=color_primaries=bt709:color_trc=bt709:colorspace=bt709',
    ...BT709_BITEXACT_ARGS,
    '-movflags', '+write_colr',
    '-f', 'mov',
    tmpPath,
  ];
}

export const PRORES_FORMAT: MovieFormat = {
  name: 'ProRes 422 HQ',
  ext: '.mov',
  evenHeight: false,
  args: buildProresArgs,
  describe: 'ProRes 422 HQ yuv422p10le BT.709',
};

/** A numbered PNG sequence → Apple ProRes 422 HQ (10-bit 4:2:2, BT.709) in a .mov (see encodeSequence). */
export function encodeProres(opts: EncodeProresOptions): Promise<EncodeProresResult> {
  return encodeSequence(opts, PRORES_FORMAT);
}
