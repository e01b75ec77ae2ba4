// Smart-order-routed parents: the split comes from the consolidated book (smart-router.ts), each leg is
// an ordinary child order through the same risk checks and journal, and the parent's status and
// filled quantity are only ever derived from its children.
import { randomUUID } from 'node:crypto';
import { ContractError } from '../../shared/contract/errors';
import type {
  InstrumentLimits,
  OrderView,
  ParentView,
  PlaceOrderInput,
  SorPreview,
} from '../../shared/contract/orders';
import type { VenueId } from '../../shared/domain';
import type { TimeInForce } from '../venues/common/adapter';
import type { OrderLedger, OrderSending } from './ports';
import { mintIntent, type Prepared } from './prepare';
import { formatBig, parseBig } from '../../shared/decimal';
import { type DepthSource, legTerms, planSplit, type SorInput } from './smart-router';
import type { OrderStore } from './store';
import type { JournalRecord, MarketSpec, Order } from './types';
import { orderView, parentView } from './views';

/** What routing needs: the ledger, the sender, the consolidated book and the child-order checks. */
export interface RouterDeps extends OrderLedger, OrderSending {
  readonly depth: DepthSource | undefined;
  specFor(venue: VenueId, market: string): MarketSpec | undefined;
  prepare(input: PlaceOrderInput, parentCanonical: string): Prepared;
  /** The limits in force for one market (shipped ones included). */
  limitsFor(spec: MarketSpec): InstrumentLimits;
}

/**
 * A routed parent is valued as a whole too: children each within their venue's limit can add up
 * to more than any of them allows. Its value is the sum of its children's (size at limit price),
 * held to the tightest hard and soft value limit among the children's markets. Throws on the hard
 * limit; answers the soft-limit warnings.
 */
function wholeParentWarnings(m: RouterDeps, canonical: string, children: Prepared[]): string[] {
  if (children.length < 2) return [];
  let value18 = 0n;
  let hard: string | undefined;
  let soft: string | undefined;
  const tighter = (a: string | undefined, b: string | undefined) =>
    a === undefined || (b !== undefined && parseBig(b, 18) < parseBig(a, 18)) ? b : a;
  for (const c of children) {
    value18 += (parseBig(c.intent.size, 18) * parseBig(c.intent.price ?? '0', 18)) / 10n ** 18n;
    const lim = m.limitsFor(c.spec);
    hard = tighter(hard, lim.maxNotional);
    soft = tighter(soft, lim.softMaxNotional);
  }
  const value = formatBig(value18, 18);
  if (hard !== undefined && value18 > parseBig(hard, 18)) {
    throw new ContractError(
      'REJECTED',
      `The routed ${canonical} order's value ${value} exceeds the maximum ${hard}, though each child order is within its own limit.`,
    );
  }
  if (soft !== undefined && value18 > parseBig(soft, 18)) {
    return [`The routed ${canonical} order's value ${value} is above the ${soft} you set as a soft limit.`];
  }
  return [];
}

export function sorPreview(m: RouterDeps, input: SorInput): SorPreview {
  const depth = m.depth;
  if (!depth) throw new ContractError('UNAVAILABLE', 'the consolidated book is not available');
  return planSplit(input, depth, (v, market) => m.specFor(v, market)).preview;
}

export type SorSendResult =
  | {
      status: 'accepted';
      parent: ParentView;
      preview: SorPreview;
      children: OrderView[];
      refused: { venue: VenueId; market: string; reason: string }[];
    }
  | { status: 'needs_confirmation'; warnings: string[] };

export async function sorSend(
  m: RouterDeps,
  input: SorInput & { timeInForce: TimeInForce; confirm: boolean },
): Promise<SorSendResult> {
  const depth = m.depth;
  if (!depth) throw new ContractError('UNAVAILABLE', 'the consolidated book is not available');
  const { preview, legs } = planSplit(input, depth, (v, market) => m.specFor(v, market));
  if (legs.length === 0) {
    throw new ContractError(
      'REJECTED',
      `nothing in the ${input.canonical} book can fill this order${input.limitPrice ? ' within the limit price' : ''}`,
    );
  }
  const refused: { venue: VenueId; market: string; reason: string }[] = [];
  const ready: { prepared: Prepared; size18: bigint }[] = [];
  const warnings: string[] = [];
  for (const leg of legs) {
    const terms = legTerms(leg);
    try {
      const prepared = m.prepare(
        {
          venue: leg.venue,
          market: leg.market,
          side: input.side,
          type: 'limit',
          size: terms.size,
          price: terms.price,
          timeInForce: input.timeInForce,
          oneClick: false,
          confirm: input.confirm,
        },
        input.canonical,
      );
      if (prepared.verdict.kind === 'reject')
        refused.push({ venue: leg.venue, market: leg.market, reason: prepared.verdict.reason });
      else {
        if (prepared.verdict.kind === 'confirm') warnings.push(...prepared.verdict.warnings);
        ready.push({ prepared, size18: leg.size18 });
      }
    } catch (error) {
      if (!(error instanceof ContractError)) throw error;
      refused.push({ venue: leg.venue, market: leg.market, reason: error.message });
    }
  }
  if (ready.length === 0) throw new ContractError('REJECTED', refused.map((r) => r.reason).join(' '));
  warnings.push(
    ...wholeParentWarnings(
      m,
      input.canonical,
      ready.map((r) => r.prepared),
    ),
  );
  if (warnings.length > 0 && !input.confirm) return { status: 'needs_confirmation', warnings };

  const parentId = randomUUID();
  const intents = ready.map((r) => mintIntent(r.prepared, parentId));
  const size18 = ready.reduce((s, r) => s + r.size18, 0n);
  const records: JournalRecord[] = [
    {
      k: 'parent',
      at: m.now(),
      parent: {
        parentId,
        canonical: input.canonical,
        side: input.side,
        size: formatBig(size18, 18),
        sizeScale: 18,
        children: intents.map((i) => i.clientOrderId),
        createdAt: m.now(),
      },
    },
    ...intents.map((intent): JournalRecord => ({ k: 'place', at: m.now(), intent })),
  ];
  m.commit(records);
  await Promise.all(intents.map((i) => m.send(i.clientOrderId, 'place')));
  const children = intents.map((i) => m.store.orders.get(i.clientOrderId)!);
  return {
    status: 'accepted',
    parent: parentView(m.store.parents.get(parentId)!, children),
    preview,
    children: children.map(orderView),
    refused,
  };
}

export function parentViews(store: OrderStore): ParentView[] {
  return [...store.parents.values()].map((p) =>
    parentView(
      p,
      p.children.map((c) => store.orders.get(c)).filter((o): o is Order => o !== undefined),
    ),
  );
}
