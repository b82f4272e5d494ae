import { UploadSlots } from './upload-slots';

describe('UploadSlots', () => {
  it('gives each user at most perUser slots and takes each back once', () => {
    const slots = new UploadSlots(2);
    const a = slots.tryAcquire('u1');
    const b = slots.tryAcquire('u1');
    expect(a).not.toBeNull();
    expect(b).not.toBeNull();
    expect(slots.tryAcquire('u1')).toBeNull();
    // another user is not affected
    expect(slots.tryAcquire('u2')).not.toBeNull();
    a?.();
    a?.(); // a second release of the same slot frees nothing more
    expect(slots.inProgress('u1')).toBe(1);
    const c = slots.tryAcquire('u1');
    expect(c).not.toBeNull();
    expect(slots.tryAcquire('u1')).toBeNull();
    b?.();
    c?.();
    expect(slots.inProgress('u1')).toBe(0);
  });
});
