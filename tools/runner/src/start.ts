import { ACTIVEPIECES_PLATFORM, MERCHANT_STAFF, PieceEntry, RecordedRequest, Sandbox, startSandbox } from '@user-admin-pieces/sandbox';
import type { PieceOutcome } from '@user-admin-pieces/common/testing';
import { formatFailure } from './format';
import { runAction } from './piece-calls';

/**
 * `npm start`: the offboarding story on the embedded sandbox, every step through the runner: a fresh
 * child process per step, as today's engine runs it, and failures shown as the builder shows them.
 * It starts from what HR knows (an email and an HR id) and ends with a re-run that finds nothing left
 * to do. It speaks as an admin reads: the steps' own sentences, never the API's field names.
 */
const HR_RECORD = { name: 'Grace Hopper', email: 'grace.hopper@example.com', hrId: 'hr-1002' };

/** What a step's input looks like in the builder: the props' display names, in this story's words. */
const PROP_LABELS: Record<string, string> = {
  externalId: 'External ID',
  email: 'Email',
  userId: 'User',
  status: 'Status',
  previewOnly: 'Preview only',
};

async function main(): Promise<void> {
  const started = Date.now();
  const sandbox = await startSandbox();
  console.log('Sandbox started:');
  console.log(`  Activepieces API  ${sandbox.activepieces.baseUrl}`);
  console.log(`  Merchant API      ${sandbox.merchant.baseUrl}`);
  console.log(`\nHR record: ${HR_RECORD.name} <${HR_RECORD.email}>, HR id ${HR_RECORD.hrId}, leaves today.`);
  console.log("Each step runs in a fresh child process, as today's Activepieces engine runs it.");
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
  const offboard = { externalId: HR_RECORD.hrId };
  const revoke = { userId: HR_RECORD.email, status: 'INACTIVE' };

  await step(1, 'Preview the offboarding in Activepieces (reads only; an approval step would go here)', sandbox, activepieces('offboard_user'), {
    ...offboard,
    previewOnly: true,
  });
  await step(2, 'Offboard them in Activepieces: deactivate, revoke invitations, remove project memberships', sandbox, activepieces('offboard_user'), offboard);

  const found = await step(3, 'Find their merchant staff account by email', sandbox, merchant('find_user'), { email: HR_RECORD.email });
  if (!found.ok) throw new Error('The story expected to find the merchant staff user in step 3.');
  const staffId = String((found.value as { id?: unknown }).id);
  const before = sandbox.merchant.user(staffId);

  await step(4, 'Preview revoking their merchant staff access', sandbox, merchant('update_user'), { ...revoke, previewOnly: true });
  await step(5, 'Revoke their merchant staff access, keeping their profile', sandbox, merchant('update_user'), revoke);
  const after = sandbox.merchant.user(staffId);
  const kept = ['firstName', 'lastName', 'email', 'phone', 'notes'].every(
    (field) => before?.[field as keyof typeof before] === after?.[field as keyof typeof after],
  );
  console.log(`   The merchant account is now ${after?.isActive ? 'active' : 'inactive'}; name, email, phone and notes ${kept ? 'kept' : 'CHANGED'}.`);

  console.log('\nThe same two steps again, as a retried flow would run them:');
  await step(6, 'Offboard them in Activepieces again', sandbox, activepieces('offboard_user'), offboard);
  await step(7, 'Revoke their merchant staff access again', sandbox, merchant('update_user'), revoke);

  await step(8, 'A flow that offboards the platform owner by mistake is refused before any write', sandbox, activepieces('offboard_user'), {
    email: 'ada.lovelace@example.com',
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
  console.log(`   Input: ${describeInput(props)}`);
  const seen = { activepieces: sandbox.activepieces.requests.length, merchant: sandbox.merchant.requests.length };
  const started = Date.now();
  const outcome = await run(props);
  const elapsed = Date.now() - started;
  const lines = outcome.ok ? describeOutput(outcome.value) : [`Refused: ${formatFailure(outcome.error).replace(/\n/g, '\n            ')}`];
  for (const line of lines) console.log(`   ${line}`);
  const requests = [...sandbox.activepieces.requests.slice(seen.activepieces), ...sandbox.merchant.requests.slice(seen.merchant)];
  console.log(`   (${elapsed} ms; ${describeRequests(requests)})`);
  return outcome;
}

function describeInput(props: Record<string, unknown>): string {
  return Object.entries(props)
    .map(([name, value]) => `${PROP_LABELS[name] ?? name} ${value === true ? 'on' : String(value)}`)
    .join(', ');
}

/** The sentences the actions themselves return, one per line. */
function describeOutput(output: unknown): string[] {
  const value = (output ?? {}) as Record<string, unknown>;
  const change = value['change'] as { summary?: string; applied?: boolean; preview?: boolean } | undefined;
  const steps = value['steps'] as { outcome: string; summary: string }[] | undefined;
  const lines: string[] = [];
  if (Array.isArray(steps)) {
    for (const item of steps) lines.push(`${OUTCOME_MARKS[item.outcome] ?? '-'} ${item.summary}`);
  } else if (change === undefined && typeof value['id'] === 'string') {
    // A found user: who they are, as the admin knows them.
    const name = [value['firstName'], value['lastName']].filter((part) => typeof part === 'string').join(' ');
    lines.push(`Found ${name} <${String(value['email'])}>, ${String(value['role'])}, ${value['isActive'] ? 'active' : 'inactive'} (id ${value['id']}).`);
  }
  if (change?.summary !== undefined) {
    const how = change.preview ? 'preview: nothing written' : change.applied ? 'written' : 'nothing written';
    lines.push(`=> ${change.summary} (${how})`);
  }
  return lines;
}

const OUTCOME_MARKS: Record<string, string> = { done: '✔', 'would-do': '…', 'already-done': '=', skipped: '-', incomplete: '!', failed: '✘', 'not-started': '-' };

/** How many requests, how many of them reads, and each write by name: a reader checks "nothing written" here. */
function describeRequests(requests: readonly RecordedRequest[]): string {
  if (requests.length === 0) return 'no HTTP request';
  const writes = requests.filter((request) => request.method !== 'GET');
  const reads = requests.length - writes.length;
  const counted = `${requests.length} HTTP request${requests.length === 1 ? '' : 's'}: ${reads} read${reads === 1 ? '' : 's'}`;
  if (writes.length === 0) return `${counted}, no write`;
  const written = writes.map((request) => `${request.method} ${request.path} → ${request.status}`);
  return `${counted}, ${writes.length} write${writes.length === 1 ? '' : 's'}: ${written.join(', ')}`;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`npm start failed: ${formatFailure(error)}`);
    process.exit(1);
  },
);
