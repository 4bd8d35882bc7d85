import { ACTIVEPIECES_PLATFORM, MERCHANT_DOCS_USER_ID, MERCHANT_STAFF, PieceEntry, Sandbox, startSandbox } from '@user-admin-pieces/sandbox';
import type { PieceOutcome } from '@user-admin-pieces/common/testing';
import { formatFailure, formatOutput } from './format';
import { runAction } from './piece-calls';

/**
 * `npm start`: a scripted offboarding story on the embedded sandbox, every step through the runner: a
 * fresh child process per step, as today's engine runs it, and failures shown as the builder shows them.
 * The HR record of the departing employee names their Activepieces external id and their merchant
 * staff account; the flow revokes both without touching anything else.
 */
const HR_RECORD = { name: 'Grace Hopper', activepiecesExternalId: 'hr-1002', merchantStaffId: MERCHANT_DOCS_USER_ID };

async function main(): Promise<void> {
  const started = Date.now();
  const sandbox = await startSandbox();
  console.log('Sandbox started:');
  console.log(`  Activepieces API  ${sandbox.activepieces.baseUrl}`);
  console.log(`  Merchant API      ${sandbox.merchant.baseUrl}`);
  console.log(`\nOffboarding ${HR_RECORD.name} (HR record ${JSON.stringify(HR_RECORD)})`);
  console.log('Each step runs in a fresh child process, as today\'s Activepieces engine runs it.');
  try {
    await story(sandbox);
  } finally {
    await sandbox.close();
  }
  console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s. Sandbox stopped.`);
}

async function story(sandbox: Sandbox): Promise<void> {
  /** An action of the piece, run against its fake in the sandbox. */
  const actionOf = (piece: PieceEntry) => (action: string) => (props: Record<string, unknown>) =>
    runAction(piece.name, action, props, piece.sandboxConnection(sandbox));
  const activepieces = actionOf(ACTIVEPIECES_PLATFORM);
  const merchant = actionOf(MERCHANT_STAFF);

  const found = await step(1, 'Find the user in Activepieces by their HR id', sandbox, activepieces('find_user'), {
    externalId: HR_RECORD.activepiecesExternalId,
  });
  const userId = found.ok ? (found.value as { id?: string } | null)?.id : undefined;
  if (userId === undefined) throw new Error('The story expected to find the user in step 1.');

  const revoke = { userId: HR_RECORD.merchantStaffId, status: 'INACTIVE' };
  await step(2, 'Preview revoking their merchant staff access (reads only; an approval step would go here)', sandbox, merchant('update_user'), {
    ...revoke,
    previewOnly: true,
  });
  const before = sandbox.merchant.user(HR_RECORD.merchantStaffId);
  await step(3, 'Revoke their merchant staff access, keeping their profile', sandbox, merchant('update_user'), revoke);
  const after = sandbox.merchant.user(HR_RECORD.merchantStaffId);
  console.log(
    `   Merchant record: isActive ${before?.isActive} -> ${after?.isActive}; name and email kept: ` +
      `${after?.firstName} ${after?.lastName} <${after?.email}>`,
  );

  await step(4, 'Run the same merchant step again: nothing to change, nothing sent', sandbox, merchant('update_user'), revoke);

  await step(5, 'Preview deactivating them in Activepieces', sandbox, activepieces('update_user'), {
    userId,
    status: 'INACTIVE',
    previewOnly: true,
  });
  await step(6, 'Deactivate them in Activepieces', sandbox, activepieces('update_user'), { userId, status: 'INACTIVE' });

  await step(7, 'A mistyped id is refused before any request', sandbox, activepieces('update_user'), {
    userId: 'grace.hopper@example.com',
    status: 'INACTIVE',
  });

  sandbox.activepieces.injectFault({ type: 'rate-limit', retryAfterSeconds: 1 });
  await step(8, 'Mark the account as offboarded while the API rate-limits us once (Retry-After: 1 s)', sandbox, activepieces('update_user'), {
    userId,
    externalId: `${HR_RECORD.activepiecesExternalId}-offboarded`,
  });
}

async function step(
  number: number,
  title: string,
  sandbox: Sandbox,
  run: (props: Record<string, unknown>) => Promise<PieceOutcome>,
  props: Record<string, unknown>,
): Promise<PieceOutcome> {
  console.log(`\n${number}. ${title}`);
  console.log(`   input:  ${JSON.stringify(props)}`);
  const seen = { activepieces: sandbox.activepieces.requests.length, merchant: sandbox.merchant.requests.length };
  const started = Date.now();
  const outcome = await run(props);
  console.log(indent(outcome.ok ? `output: ${formatOutput(outcome.value)}` : `error:  ${formatFailure(outcome.error).replace(/\n/g, '\n        ')}`));
  const change = outcome.ok ? changeOf(outcome.value) : undefined;
  if (change !== undefined) console.log(`   => ${change}`);
  const requests = [
    ...sandbox.activepieces.requests.slice(seen.activepieces),
    ...sandbox.merchant.requests.slice(seen.merchant),
  ].map((request) => `${request.method} ${request.path.split('?')[0]} → ${request.status}`);
  const elapsed = `${Date.now() - started} ms`;
  console.log(
    requests.length === 0
      ? `   (no HTTP request, ${elapsed})`
      : `   (${requests.length} HTTP request${requests.length === 1 ? '' : 's'} in ${elapsed}: ${requests.join(', ')})`,
  );
  return outcome;
}

/** The change report's one line, as an admin reads it: what happened, and whether it was written. */
function changeOf(output: unknown): string | undefined {
  const change = (output as { change?: { summary?: unknown; applied?: unknown; preview?: unknown } } | null)?.change;
  if (typeof change?.summary !== 'string') return undefined;
  const how = change.preview === true ? 'preview, nothing written' : change.applied === true ? 'written' : 'nothing written';
  return `${change.summary} (${how})`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `   ${line}`)
    .join('\n');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`npm start failed: ${formatFailure(error)}`);
    process.exit(1);
  },
);
