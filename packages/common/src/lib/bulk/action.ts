import { AuditTrail, isPreview } from '../piece/change-report';
import { CheckedItem, checkItems, chooseItemList } from './items';
import { ItemResult } from './outcome';
import { BulkBudget, BulkItem, BulkOutput, ItemDone, runBulk, startBudget } from './run';
import { BulkSettingsProps, parseBulkSettings } from './settings';

/** The props every bulk update action has: the two forms of the list, Preview only and the settings. */
export interface BulkActionProps extends BulkSettingsProps {
  items?: unknown;
  userIds?: unknown;
  previewOnly?: unknown;
}

/** What the reads before any write get to know. */
export interface BulkContext {
  preview: boolean;
  budget: BulkBudget;
  /** Collects the request ids and attempts of those reads for the batch's audit line. */
  trail: AuditTrail;
  /** The prop the list came in, for a refusal of the whole list. */
  field: 'items' | 'userIds';
}

/** What a piece supplies to a bulk update action; the order of the steps is the same for all. */
export interface BulkActionSpec<S, C, P> {
  /** The audit's action, e.g. "merchant-staff/update_users". */
  action: string;
  /** The simple form's one change, from the shared props: checked once, since when it is wrong every item is. */
  simpleChange: () => S;
  /** One item: the user it names and what to set, or an InputError. `simple` is given in the simple form. */
  check: (item: unknown, simple: S | undefined) => { target: string; value: C };
  /** How an item that could not be checked is named in its result. */
  targetOf: (item: unknown) => string;
  /** The reads before any write (names to ids, guards); items refused or not reached there come back settled. */
  resolve: (checked: CheckedItem<C>[], context: BulkContext) => Promise<{ items: BulkItem<P>[]; settled: ItemResult[] }>;
  work: (item: BulkItem<P>, preview: boolean, trail: AuditTrail) => Promise<ItemDone>;
}

/** A bulk update action's `run`: everything is checked before the first request, then resolved, then worked on. */
export async function runBulkAction<S, C, P>(props: BulkActionProps, spec: BulkActionSpec<S, C, P>): Promise<BulkOutput> {
  const settings = parseBulkSettings(props);
  const budget = startBudget(settings);
  const preview = isPreview(props.previewOnly);
  const { list, field } = chooseItemList(props.items, props.userIds);
  const simple = field === 'userIds' ? spec.simpleChange() : undefined;
  const { checked, invalid } = checkItems(list, (item) => spec.check(item, simple), spec.targetOf);
  const trail = new AuditTrail(spec.action, 'batch');
  const { items, settled } = await spec.resolve(checked, { preview, budget, trail, field });
  return runBulk({
    action: spec.action,
    list,
    items,
    settled: [...invalid, ...settled],
    preview,
    settings,
    budget,
    before: trail.finish(),
    work: (item, itemTrail) => spec.work(item, preview, itemTrail),
  });
}
