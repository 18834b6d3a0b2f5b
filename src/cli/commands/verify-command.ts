import { promises as fs } from 'node:fs';
import type { Command } from 'commander';
import { InputError } from '../../core/errors.js';
import { sharesAsPercent } from '../../provenance/provenance-matte.js';
import { verifyExitCode, verifyFile } from '../../provenance/verify-file.js';
import type { VerifyReport } from '../../provenance/verify-file.js';
import { runAction } from '../run-action.js';

/** The human-readable verdict. */
export function formatVerifyReport(r: VerifyReport): string {
  const lines = [`${r.file}: ${r.state}${r.state === 'None' ? ` (${r.error ?? 'no content credentials'})` : ''}`];
  if (r.manifest) {
    const m = r.manifest;
    if (m.signer) lines.push(`  signed by: ${m.signer.commonName ?? '?'}${m.signer.issuer ? ` (issuer: ${m.signer.issuer})` : ''}${m.signer.alg ? `, ${m.signer.alg}` : ''}`);
    if (m.claimGenerator.length) lines.push(`  made with: ${m.claimGenerator.join(', ')}`);
    for (const a of m.actions) lines.push(`  action: ${a.action}${a.digitalSourceType ? ` (${a.digitalSourceType.split('/').pop()})` : ''}${a.softwareAgent ? ` by ${a.softwareAgent}` : ''}`);
    for (const i of m.ingredients) lines.push(`  ingredient: ${i.title ?? '?'} (${i.relationship ?? '?'})${i.hasCredentials ? ', with its own credentials' : ''}`);
  }
  for (const f of r.failures) lines.push(`  ${r.state === 'Invalid' && f.code !== 'signingCredential.untrusted' ? 'FAIL' : 'note'} ${f.code}${f.explanation ? `: ${f.explanation}` : ''}`);
  for (const f of r.informational) lines.push(`  info ${f.code}${f.explanation ? `: ${f.explanation}` : ''}`);
  if (r.aftermath) {
    const p = sharesAsPercent(r.aftermath.shares);
    lines.push(
      `  Aftermath provenance${r.aftermath.frame !== undefined ? ` (frame ${r.aftermath.frame})` : ''}: ${p.capture}% captured, ${p.simulated}% simulated, ${p.synthesized}% synthesised, ${p.trained}% trained model`,
      `  shot sha256 ${r.aftermath.shotSha256}, seed ${r.aftermath.seed}, models: ${r.aftermath.models.length ? r.aftermath.models.map((m) => m.name).join(', ') : 'none'}`,
    );
  }
  return lines.join('\n');
}

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('check the content credentials (C2PA) of JPEG, PNG, MP4 or MOV files: Trusted / Valid / Invalid, with the reasons')
    .argument('<files...>', 'files to check')
    .option('--trust <pem>', 'trust anchor(s): a PEM file of root CAs (repeatable), e.g. the ca.pem of `aftermath keys init`', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--require-trusted', 'exit 1 unless every file is Trusted (not only Valid)')
    .option('--json', 'print one JSON report per file (an array)')
    .addHelpText(
      'after',
      '\nStates: Trusted = valid and signed by a certificate that chains to a --trust anchor; Valid = the\nsignature and content hashes check out but the signer is not trusted here; Invalid = a check failed\n(the reasons are the C2PA validation status codes); None = no content credentials.\nExit codes: 0 every file Trusted or Valid (Trusted with --require-trusted); 1 any file Invalid or None;\n2 bad input (missing file, unsupported format).',
    )
    .action(async (files: string[], opts: { trust: string[]; requireTrusted?: boolean; json?: boolean }) => {
      let verdict = 0;
      await runAction(async () => {
        const anchors: string[] = [];
        for (const t of opts.trust) {
          const pem = await fs.readFile(t, 'utf8').catch(() => null);
          if (!pem || !pem.includes('BEGIN CERTIFICATE')) {
            throw new InputError(`--trust ${t}: not a PEM certificate file`, 'verify.bad_trust', [{ code: 'verify.bad_trust', path: '--trust', allowed: 'a PEM file with one or more CA certificates', received: t }]);
          }
          anchors.push(pem);
        }
        const reports: VerifyReport[] = [];
        for (const f of files) reports.push(await verifyFile(f, { trustAnchorsPem: anchors }));
        process.stdout.write(opts.json ? `${JSON.stringify(reports, null, 2)}\n` : `${reports.map(formatVerifyReport).join('\n')}\n`);
        verdict = Math.max(...reports.map((r) => verifyExitCode(r.state, opts.requireTrusted)));
      });
      if (process.exitCode === 0 && verdict !== 0) process.exitCode = verdict;
    });
}
