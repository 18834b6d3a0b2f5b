import { BT709_BITEXACT_ARGS, encodeSequence, sequenceInputArgs, sequenceTempPath } from './encode-sequence.js';
import type { MovieFormat, SequenceEncodeOptions, SequenceEncodeResult } from './encode-sequence.js';

export { expandFramePattern } from './encode-sequence.js';
export type EncodeMp4Options = SequenceEncodeOptions;
export type EncodeMp4Result = SequenceEncodeResult;

/** Temp name in the same folder, keeping `.mp4` so the muxer is obvious: `.name.<pid>.tmp.mp4`. */
export const mp4TempPath = sequenceTempPath;

/** The ffmpeg argument list (without the binary and the always-prepended `-hide_banner -nostdin`). */
export function buildEncodeArgs(opts: EncodeMp4Options, tmpPath: string, pad: boolean): string[] {
  const filters: string[] = [];
  if (pad) filters.push('pad=ceil(iw/2)*2:ceil(ih/2)*2:0:0:black');
  // RGB → Y'CbCr with the BT.709 matrix into limited range, done here rather than by an
  // auto-inserted scaler (which would default to BT.601).
  filters.push('scale=out_color_matrix=bt709:out_range=tv', 'format=yuv420p');
  return [
    ...sequenceInputArgs(opts),
    '-vf', filters.join(','),
    '-c:v', 'libx264', '-preset', 'medium', '-crf', '18', '-pix_fmt', 'yuv420p',
    ...BT709_BITEXACT_ARGS,
    '-movflags', '+faststart+write_colr',
    '-f', 'mp4',
    tmpPath,
  ];
}

export const MP4_FORMAT: MovieFormat = { name: 'H.264 MP4', ext: '.mp4', evenHeight: true, args: buildEncodeArgs, describe: 'H.264 yuv420p BT.709' };

/** A numbered PNG sequence → H.264 / yuv420p / BT.709 MP4 for review (see encodeSequence). */
export function encodeMp4(opts: EncodeMp4Options): Promise<EncodeMp4Result> {
  return encodeSequence(opts, MP4_FORMAT);
}
