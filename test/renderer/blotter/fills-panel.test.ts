// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FillView } from '../../../shared/contract';
import { mountWith, settle } from '../support/mount';
import FillsPanel from '../../../renderer/src/blotter/FillsPanel.vue';
import type * as Grid from '../../../renderer/src/common/grid';
import { useOrdersStore } from '../../../renderer/src/orders/orders-store';

const downloads: { text: string; name: string }[] = [];
vi.mock('../../../renderer/src/common/grid', async (importOriginal) => ({
  ...(await importOriginal<typeof Grid>()),
  downloadText: (text: string, name: string) => downloads.push({ text, name }),
}));

const fill = (id: string, over: Partial<FillView>): FillView => ({
  venue: 'paxos',
  market: 'BTCUSD',
  fillId: id,
  venueOrderId: `v${id}`,
  clientOrderId: `c${id}`,
  side: 'buy',
  price: '100',
  size: '1',
  at: 1_700_000_000_000 + Number(id),
  ...over,
});

async function waitFor(check: () => boolean) {
  for (let i = 0; i < 50 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
}

describe('FillsPanel', () => {
  afterEach(() => {
    document.body.innerHTML = '';
    downloads.length = 0;
  });

  it('exports exactly the filtered view as CSV', async () => {
    const { wrapper } = mountWith(FillsPanel, {});
    const store = useOrdersStore();
    store.addFills(
      [
        fill('1', { market: 'BTCUSD', price: '100.5' }),
        fill('2', { market: 'ETHUSD', price: '3000' }),
        fill('3', { market: 'BTCUSD', price: '99', side: 'sell' }),
      ],
      true,
    );
    await settle();
    const button = wrapper.get('[data-testid="export-csv"]');
    await waitFor(() => (button.element as HTMLButtonElement).disabled === false);
    await wrapper.get('[data-testid="blotter-filter"]').setValue('ETHUSD');
    await settle();
    await button.trigger('click');
    expect(downloads).toHaveLength(1);
    const lines = downloads[0]!.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Time,Venue,Instrument,Side,Price,Quantity,Fee,Order id');
    expect(lines.slice(1).map((l) => l.split(',')[2])).toEqual(['ETHUSD']);
  });

  it('exports the grouped view when grouping by instrument', async () => {
    const { wrapper } = mountWith(FillsPanel, {});
    useOrdersStore().addFills(
      [fill('1', {}), fill('2', { market: 'ETHUSD' }), fill('3', { size: '2' })],
      true,
    );
    await settle();
    const button = wrapper.get('[data-testid="export-csv"]');
    await waitFor(() => (button.element as HTMLButtonElement).disabled === false);
    await wrapper.get('[data-testid="blotter-group-by"]').setValue('instrument');
    await settle();
    await button.trigger('click');
    const lines = downloads[0]!.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Group,Fills,Bought,Sold,Net,Avg price,Fees');
    expect(lines.slice(1).sort()).toEqual(['BTCUSD,2,3,0,3,100,', 'ETHUSD,1,1,0,1,100,']);
  });

  it('counts the fills the filter leaves, not every fill', async () => {
    const { wrapper } = mountWith(FillsPanel, {});
    useOrdersStore().addFills(
      [fill('1', {}), fill('2', { market: 'ETHUSD' }), fill('3', { market: 'ETHUSD' })],
      true,
    );
    await settle();
    const count = () => wrapper.get('[data-testid="blotter-count"]').text();
    await waitFor(() => count() === '3 fills');
    expect(count()).toBe('3 fills');
    await wrapper.get('[data-testid="blotter-filter"]').setValue('ETHUSD');
    await waitFor(() => count() !== '3 fills');
    expect(count()).toBe('2 of 3 fills shown');
  });
});
