import { describe, expect, expectTypeOf, it } from 'vitest';
import type { RejectServiceRecord } from '../../shared/earning/routes';
import type { GetBalance, PostAdjustment } from '../../shared/ledger/routes';
import type { Idempotency, IdempotencyOf } from '../../shared/platform/http/endpoint';
import { ROUTE_DEFINITIONS } from '../../shared/routes';
import type { PostRedemption } from '../../shared/stores/routes';

/**
 * Whether a route takes an Idempotency-Key is said once, in the route table; handlers get its
 * type from there (`npm run lint` type-checks these lines), so none re-checks that a key is present.
 */
describe('idempotency is a property of the route', () => {
  it('gives idempotent routes a key and others none, by type', () => {
    expectTypeOf<IdempotencyOf<typeof PostAdjustment>>().toEqualTypeOf<Idempotency>();
    expectTypeOf<IdempotencyOf<typeof PostRedemption>>().toEqualTypeOf<Idempotency>();
    expectTypeOf<IdempotencyOf<typeof GetBalance>>().toEqualTypeOf<undefined>();
    expectTypeOf<IdempotencyOf<typeof RejectServiceRecord>>().toEqualTypeOf<undefined>();
  });

  it('marks exactly the points- and stock-moving POSTs, the order steps and the activity steps, idempotent', () => {
    const idempotent = ROUTE_DEFINITIONS.filter((route) => route.idempotent === true);
    expect(idempotent.every((route) => route.method === 'POST')).toBe(true);
    expect(idempotent.map((route) => route.id).sort()).toEqual(
      [
        'ApproveServiceRecord',
        'PostAdjustment',
        'PostRedemption',
        'PostRedemptionVoid',
        'PostServiceRecord',
        'PostStockChange',
        'PostStocktake',
        'PostTransfer',
        'ReverseServiceRecord',
        // 六单: a resident's request is sent again on a bad network; a step (close makes a
        // service record) must count once.
        'SubmitOrder',
        'EnterOrder',
        'OrderStep',
        // Activities: planning one makes it once; recording makes one service record.
        'CreateActivity',
        'ActivityStep',
        // Certificates: a request or an issuance makes one certificate; a step is taken once.
        'RequestCertificate',
        'CertificateStep',
        // The record: an entry, a correction request and its decision are each made once.
        'AddRecordEntry',
        'FileCorrection',
        'DecideCorrection',
        // Erasure: a retried request finds it done and answers the same.
        'EraseVolunteer',
        // The mobile shop: opening holds points, a basket spends them, the end gives them back.
        'OpenTrip',
        'PostTripBasket',
        'CloseTrip',
        'RevokeTrip',
        // Donations: an intake moves stock and takes a receipt number once; a void takes it back once.
        'RecordDonation',
        'VoidDonation',
      ].sort(),
    );
  });
});
