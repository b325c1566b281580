import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';

/** One line of `POST /orders`. */
export class OrderItemSchema {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsString()
  @Matches(/^[A-Z0-9-]{1,32}$/, { message: 'sku must be 1-32 letters, digits or dashes' })
  sku!: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  quantity!: number;

  /** Price of one unit in cents. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  unitPriceCents!: number;
}

/** `POST /orders`, `POST /api/orders`. Unknown fields are rejected. */
export class PlaceOrderSchema {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => OrderItemSchema)
  items!: OrderItemSchema[];
}
