// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import ProfileSettings from '../../../renderer/src/settings/ProfileSettings.vue';
import { FakeApi } from '../support/fake-api';
import { mountWith, settle } from '../support/mount';

describe('ProfileSettings', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('sends credentials once to the keychain and clears the secret from the form', async () => {
    const api = new FakeApi().on('credentials.set', (p) => ({
      venue: p.venue,
      status: { set: true, last4: 'cret' },
    }));
    const { wrapper } = mountWith(ProfileSettings, {}, api);
    await settle();
    await wrapper.get('[data-testid="paxos-clientId"]').setValue('id-1');
    await wrapper.get('[data-testid="paxos-clientSecret"]').setValue('s3cret');
    await wrapper.get('[data-testid="venue-paxos"] form').trigger('submit');
    await settle();
    expect(api.callsTo('credentials.set')).toEqual([
      { profile: 'demo', venue: 'paxos', credentials: { clientId: 'id-1', clientSecret: 's3cret' } },
    ]);
    expect((wrapper.get('[data-testid="paxos-clientSecret"]').element as HTMLInputElement).value).toBe('');
    expect(wrapper.get('[data-testid="paxos-message"]').text()).toMatch(/Saved to the keychain/);
  });

  it('shows each profile only its own test results', async () => {
    const api = new FakeApi().on('credentials.test', (p) => ({
      venue: p.venue,
      ok: true,
      message: `accepted by ${p.profile}`,
    }));
    const { wrapper } = mountWith(ProfileSettings, {}, api);
    await settle();
    await wrapper.get('[data-testid="paxos-test"]').trigger('click');
    await settle();
    expect(wrapper.get('[data-testid="paxos-message"]').text()).toBe('accepted by demo');
    await wrapper.get('[data-testid="profile-select"]').setValue('test');
    await settle();
    expect(wrapper.find('[data-testid="paxos-message"]').exists()).toBe(false);
    await wrapper.get('[data-testid="profile-select"]').setValue('demo');
    await settle();
    expect(wrapper.get('[data-testid="paxos-message"]').text()).toBe('accepted by demo');
  });
});
