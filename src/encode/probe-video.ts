import { promises as fs } from 'node:fs';
import { AftermathError, InputError } from '../core/errors.js';
import { runFfmpeg } from './ffmpeg-path.js';

export interface VideoProbe {
  width: number;
  height: number;
  /** Frames actually demuxed (counted by remuxing the stream to the null muxer). */
  frameCount: number;
  /** Codec name as ffmpeg prints it, e.g. `h264`. */
  codec: string;
  /** e.g. `High`, when ffmpeg prints a profile. */
  profile?: string;
  pixFmt: string;
  /** `tv` (limited) or `pc` (full), when tagged. */
  colorRange?: string;
  /** Matrix coefficients, e.g. `bt709`, when tagged. */
  colorSpace?: string;
  /** Primaries and transfer when they differ from the matrix (`space/primaries/trc`). */
  colorPrimaries?: string;
  colorTransfer?: string;
  fps?: number;
}

/**
 * Parses the `Input #0` section of ffmpeg's stderr. The stream line looks like
 * `Stream #0:0(und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(tv, bt709), 64x36 [SAR 1:1 DAR 16:9], 10 fps, ...`
 * and the final stats line `frame=   12 fps=0.0 ...`.
 */
export function parseProbeOutput(stderr: string): VideoProbe {
  const outputAt = stderr.search(/^Output #0/m);
  const inputSection = outputAt >= 0 ? stderr.slice(0, outputAt) : stderr;
  const streamLine = /Stream #0:\d+[^:\n]*: Video: ([^\n]*)/.exec(inputSection);
  if (!streamLine) {
    throw new AftermathError('no video stream found in ffmpeg output', 'encode.probe_failed', [
      { code: 'encode.probe_failed', hint: stderr.split('\n').slice(-5).join(' | ') },
    ]);
  }
  const desc = streamLine[1];
  const codecMatch = /^([A-Za-z0-9_]+)(?: \(([^)]*)\))?/.exec(desc);
  // `, <pix_fmt>[(<props>)], <W>x<H>` — the codec part before it contains no commas.
  const fmtMatch = /,\s*([a-z0-9_]+)(?:\(([^)]*)\))?,\s*(\d+)x(\d+)/.exec(desc);
  if (!codecMatch || !fmtMatch) {
    throw new AftermathError(`cannot parse video stream description: ${desc}`, 'encode.probe_failed', [
      { code: 'encode.probe_failed', received: desc },
    ]);
  }
  const result: VideoProbe = {
    codec: codecMatch[1],
    pixFmt: fmtMatch[1],
    width: Number(fmtMatch[3]),
    height: Number(fmtMatch[4]),
    frameCount: 0,
  };
  const profile = codecMatch[2];
  if (profile && !profile.includes(' / ')) result.profile = profile;

  for (const prop of (fmtMatch[2] ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    if (prop === 'tv' || prop === 'pc') result.colorRange = prop;
    else if (prop === 'progressive' || /^(top|bottom) (first|coded first)/.test(prop) || prop === 'unknown') continue;
    else if (result.colorSpace === undefined) {
      const [space, primaries, trc] = prop.split('/');
      result.colorSpace = space;
      result.colorPrimaries = primaries ?? space;
      result.colorTransfer = trc ?? space;
    }
  }
  const fps = /,\s*([\d.]+)\s*fps/.exec(desc);
  if (fps) result.fps = Number(fps[1]);

  const frames = [...stderr.matchAll(/frame=\s*(\d+)/g)];
  if (frames.length === 0) {
    throw new AftermathError('ffmpeg reported no frame count', 'encode.probe_failed', [
      { code: 'encode.probe_failed', hint: stderr.split('\n').slice(-3).join(' | ') },
    ]);
  }
  result.frameCount = Number(frames[frames.length - 1][1]);
  return result;
}

/**
 * Probes a video with the bundled ffmpeg (the npm package ships no ffprobe): the first video
 * stream is stream-copied to the null muxer and the stream line and final frame count parsed.
 */
export async function probeVideo(filePath: string, opts: { signal?: AbortSignal } = {}): Promise<VideoProbe> {
  const ok = await fs.stat(filePath).then((s) => s.isFile(), () => false);
  if (!ok) {
    throw new InputError(`video not found: ${filePath}`, 'encode.missing_file', [
      { code: 'encode.missing_file', received: filePath },
    ]);
  }
  const { stderr } = await runFfmpeg(['-i', filePath, '-map', '0:v:0', '-c', 'copy', '-f', 'null', '-'], {
    signal: opts.signal,
    stage: 'probe',
  });
  return parseProbeOutput(stderr);
}
