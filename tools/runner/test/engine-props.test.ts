import { loadPiece } from '../src/load-piece';
import { engineProps } from '../src/run-action';

describe('engineProps', () => {
  const merchant = loadPiece('merchant-staff');

  it('fills unset optional props the way the engine does: text as empty, others as null', () => {
    expect(engineProps(merchant, 'update_user', { userId: 'u', role: 'Staff' })).toEqual({
      userId: 'u',
      firstName: '',
      lastName: '',
      email: '',
      role: 'Staff',
      status: null,
    });
  });

  it('refuses a missing required prop', () => {
    expect(() => engineProps(merchant, 'update_user', { role: 'Staff' })).toThrow('Missing required prop userId for merchant-staff/update_user.');
  });
});
