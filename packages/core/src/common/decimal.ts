import { Type, type EntityProperty, type Platform } from '@mikro-orm/core';
import { Decimal as DecimalJs } from 'decimal.js';
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/**
 * Exact numbers. Points and rates are NUMERIC in PostgreSQL and `Decimal` in code, never binary
 * floats: 0.1 + 0.2 is 0.3 here. Rounding is half-up (the way people round by hand).
 */
export const Decimal = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP });
export type Decimal = InstanceType<typeof Decimal>;
export type DecimalInput = Decimal | string | number;

export const dec = (v: DecimalInput): Decimal => new Decimal(v);

/** Sums exactly. */
export const sum = (values: Iterable<DecimalInput>): Decimal => {
  let s = new Decimal(0);
  for (const v of values) s = s.plus(v);
  return s;
};

/** The index rule: achieved ÷ maximum × 100, rounded half-up to 2 decimals; bands compare this value. */
export function indexPercent(achieved: DecimalInput, maximum: DecimalInput): Decimal {
  const max = dec(maximum);
  if (max.isZero()) throw new Error('maximum points must not be zero');
  return roundHalfUp(dec(achieved).div(max).times(100), 2);
}

export const roundHalfUp = (v: DecimalInput, places = 2): Decimal =>
  dec(v).toDecimalPlaces(places, Decimal.ROUND_HALF_UP);

const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Parses user input; rejects NaN, Infinity, exponents and garbage. */
export function parseDecimal(v: unknown): Decimal | null {
  if (typeof v === 'number') return Number.isFinite(v) ? new Decimal(String(v)) : null;
  if (typeof v === 'string' && DECIMAL_TEXT.test(v.trim())) return new Decimal(v.trim());
  return null;
}

/** MikroORM mapping: NUMERIC column ⇄ Decimal (the pg driver hands NUMERIC over as a string). */
export class DecimalType extends Type<Decimal | null | undefined, string | null | undefined> {
  override convertToDatabaseValue(value: Decimal | DecimalInput | null | undefined): string | null | undefined {
    if (value == null) return value as null | undefined;
    return dec(value).toFixed();
  }

  override convertToJSValue(value: string | null | undefined): Decimal | null | undefined {
    if (value == null) return value as null | undefined;
    return new Decimal(value);
  }

  override compareAsType(): string {
    return 'string';
  }

  override getColumnType(prop: EntityProperty, platform: Platform): string {
    return platform.getDecimalTypeDeclarationSQL({ precision: prop.precision ?? 14, scale: prop.scale ?? 4 });
  }
}

const invalid = (v: unknown) =>
  new GraphQLError(`Giá trị "${String(v).slice(0, 40)}" không phải là số thập phân hợp lệ (ví dụ "12.5").`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });

/** GraphQL `Decimal`: exact decimal numbers as strings ("12.50"); input also accepts JSON numbers. */
export const DecimalScalar = new GraphQLScalarType<Decimal, string>({
  name: 'Decimal',
  description: 'Số thập phân chính xác, truyền dưới dạng chuỗi (ví dụ "12.50") để không sai số dấu phẩy động.',
  serialize(value) {
    if (DecimalJs.isDecimal(value)) return (value as Decimal).toFixed();
    const d = parseDecimal(value);
    if (!d) throw new GraphQLError('Decimal cannot represent a non-numeric value');
    return d.toFixed();
  },
  parseValue(value) {
    const d = parseDecimal(value);
    if (!d) throw invalid(value);
    return d;
  },
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) {
      const d = parseDecimal(ast.value);
      if (d) return d;
    }
    throw invalid('value' in ast ? ast.value : ast.kind);
  },
});
