import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { unstorableText, type FieldError } from '@vigil/contracts';

/** A DTO class that carries its zod schema; the global pipe below validates against it. */
export interface ZodDto<T extends z.ZodType = z.ZodType> {
  new (): z.output<T>;
  schema: T;
}

export function zodDto<T extends z.ZodType>(schema: T): ZodDto<T> {
  return class {
    static schema = schema;
  } as unknown as ZodDto<T>;
}

export function toFieldErrors(error: z.ZodError, prefix?: string): FieldError[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return { field: path || '(body)', message: issue.message };
  });
}

export function badRequest(errors: FieldError[], message = 'Invalid request'): BadRequestException {
  return new BadRequestException({ message, errors });
}

/** Validation at the edge, once, for every body and query whose type is a zodDto. */
@Injectable()
export class ZodValidationPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const schema = (metadata.metatype as Partial<ZodDto> | undefined)?.schema;
    if (!schema || (metadata.type !== 'body' && metadata.type !== 'query')) return value;
    const prefix = metadata.type === 'query' ? 'query' : undefined;
    // Text Postgres can't store (NUL, lone surrogates) is the client's mistake, not a 500 at the INSERT.
    const unstorable = unstorableText(value);
    if (unstorable.length)
      throw badRequest(unstorable.map((e) => ({ ...e, field: prefix ? `${prefix}.${e.field}` : e.field })));
    const parsed = schema.safeParse(value ?? {});
    if (!parsed.success) throw badRequest(toFieldErrors(parsed.error, prefix));
    return parsed.data;
  }
}
