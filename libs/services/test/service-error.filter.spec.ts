import { Controller, Get, Param, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import {
  BulkheadRejectedError,
  CircuitOpenError,
  ConflictError,
  ExternalServiceError,
  NotFoundError,
  ServiceError,
  ServiceErrorFilter,
  TimeoutError,
  ServiceValidationError,
} from '../src';

// NOTE: jest 29 ignores `testTimeout` in a project entry; Nest apps and databases on a loaded machine need more than 5 s.
jest.setTimeout(30_000);

const ERRORS: Record<string, () => Error> = {
  'not-found': () => new NotFoundError('User', 42),
  validation: () => new ServiceValidationError([{ path: 'email', constraints: { isEmail: 'email must be an email' } }]),
  conflict: () => new ConflictError('Email already registered'),
  external: () => new ExternalServiceError('stripe', 'HTTP 503'),
  timeout: () => new TimeoutError('charge', 5000),
  circuit: () => new CircuitOpenError('stripe'),
  bulkhead: () => new BulkheadRejectedError('reports', 2, 0),
  generic: () => new ServiceError('database password is hunter2', { code: 'DB_DOWN' }),
  plain: () => new Error('not a service error'),
};

@Controller('fail')
class FailController {
  @Get(':kind')
  fail(@Param('kind') kind: string): never {
    throw ERRORS[kind]();
  }
}

describe('ServiceErrorFilter', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [FailController] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalFilters(new ServiceErrorFilter());
    await app.init();
  });

  afterAll(() => app.close());

  it.each([
    ['not-found', 404, 'NOT_FOUND', 'User 42 not found'],
    ['conflict', 409, 'CONFLICT', 'Email already registered'],
    ['external', 502, 'EXTERNAL_SERVICE_FAILED', 'External service "stripe" failed: HTTP 503'],
    ['timeout', 504, 'TIMEOUT', 'charge timed out after 5000 ms'],
    ['circuit', 503, 'CIRCUIT_OPEN', expect.stringContaining('"stripe" is open')],
    ['bulkhead', 503, 'BULKHEAD_REJECTED', expect.stringContaining('"reports" is full')],
  ])('maps %s to %i', async (kind, status, code, message) => {
    const response = await request(app.getHttpServer()).get(`/fail/${kind}`);
    expect(response.status).toBe(status);
    expect(response.body).toEqual({ statusCode: status, error: code, message });
  });

  it('maps a ServiceValidationError to 400 with every field', async () => {
    const response = await request(app.getHttpServer()).get('/fail/validation');
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      statusCode: 400,
      error: 'VALIDATION_FAILED',
      message: 'Validation failed for email',
      fields: [{ path: 'email', constraints: { isEmail: 'email must be an email' } }],
    });
  });

  it('maps any other ServiceError to 500 without leaking its message', async () => {
    const response = await request(app.getHttpServer()).get('/fail/generic');
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ statusCode: 500, error: 'DB_DOWN', message: 'Internal server error' });
  });

  it('leaves other errors to Nest', async () => {
    const response = await request(app.getHttpServer()).get('/fail/plain');
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ statusCode: 500, message: 'Internal server error' });
  });

  it('errors carry name, code, context and cause', () => {
    const cause = new Error('socket hang up');
    const error = new ExternalServiceError('crm', 'timeout', { cause, context: { attempt: 3 } });
    expect(error).toBeInstanceOf(ServiceError);
    expect(error.name).toBe('ExternalServiceError');
    expect(error.cause).toBe(cause);
    expect(error.context).toEqual({ service: 'crm', attempt: 3 });
  });
});
