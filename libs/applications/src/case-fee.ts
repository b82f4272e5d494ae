import { ApiProperty } from '@nestjs/swagger';
import { DomainError } from '@tenggat/platform';
import { assessFee, PermitTypeDefinition } from '@tenggat/workflow';
import { FeeRecord, FeeStatus } from './application.entity';

export class FeeInputView {
  @ApiProperty({ example: 'widthM' }) name: string;
  @ApiProperty({ example: 'Lebar bidang reklame (m)' }) label: string;
  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'boolean' }, { type: 'string' }], example: 4 }) value: number | boolean | string;
  @ApiProperty({ enum: ['field', 'rate'] }) source: 'field' | 'rate';
}

/** The case's fee: the amount, how it was reached (formula and inputs), and whether it is settled. */
export class CaseFeeView {
  @ApiProperty({ type: String, nullable: true, enum: ['none', 'unpaid', 'paid', 'waived'], description: 'null while a draft (an estimate)' })
  status: FeeStatus | null;
  @ApiProperty({ minimum: 0, example: 5400000, description: 'Whole currency units' }) amount: number;
  @ApiProperty({ example: 'IDR' }) currency: string;
  @ApiProperty() basis: string;
  @ApiProperty({ type: String, nullable: true, description: 'The formula, when the permit type has one' }) formula: string | null;
  @ApiProperty({ type: [FeeInputView], description: 'The breakdown: each form answer and rate the formula used' }) inputs: FeeInputView[];
  @ApiProperty({ type: String, nullable: true, description: 'Payment reference from the external channel' }) reference: string | null;
  @ApiProperty({ type: String, nullable: true }) channel: string | null;
  @ApiProperty({ type: String, nullable: true }) waiverReason: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) settledAt: string | null;
}

/** The fee of a complete form at submission; 422 `fee-not-computable` when the formula gives no number. */
export function feeOf(def: PermitTypeDefinition, form: Record<string, unknown>): FeeRecord {
  try {
    const a = assessFee(def, form);
    return { ...a, inputs: a.inputs.map((i) => ({ ...i })) };
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new DomainError('unprocessable', 'fee-not-computable', `The fee cannot be worked out from this form: ${e.message}`);
  }
}

/** The fee a draft would carry if submitted now (null when its answers do not give one yet). */
export function draftFee(def: PermitTypeDefinition, form: Record<string, unknown>): FeeRecord | null {
  try {
    return feeOf(def, form);
  } catch {
    return null;
  }
}

export function feeView(
  fee: FeeRecord,
  status: FeeStatus | null,
  s: { reference?: string | null; channel?: string | null; waiverReason?: string | null; settledAt?: Date | null } = {},
): CaseFeeView {
  return {
    status,
    amount: fee.amount,
    currency: fee.currency,
    basis: fee.basis,
    formula: fee.formula,
    inputs: fee.inputs,
    reference: s.reference ?? null,
    channel: s.channel ?? null,
    waiverReason: s.waiverReason ?? null,
    settledAt: s.settledAt?.toISOString() ?? null,
  };
}
